from cases.choices import DocumentKind, SeizureKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def stored(world, **fields):
    defaults = {
        "seized_at": at("2026-09-05 10:00"),
        "stored_at": at("2026-09-05 18:00"),
        "custodian_registered_at": at("2026-09-05 18:30"),
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_fires_24_hours_after_the_custodian_received_it(world):
    item = stored(world)
    probe = RuleProbe("property_custody_filing_24h")
    probe.assert_levels(
        item, {"2026-09-06 05:59": None, "2026-09-06 06:00": "blue", "2026-09-06 14:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-06 18:00")
    assert probe.row(item, at("2026-09-07 00:00"))["officer_id"] == world.off_s1a.pk


def test_registration_without_storage_starts_the_clock(world):
    item = stored(world, stored_at=None, custodian_registered_at=at("2026-09-05 12:00"))
    RuleProbe("property_custody_filing_24h").assert_due(item, "2026-09-06 12:00")


def test_filed_in_time_not_received_or_belongings_does_not_fire(world):
    filed = stored(world, inspectorate_filed_at=at("2026-09-06 10:00"))
    by_document = stored(world)
    make_document(
        world.s1, DocumentKind.INSPECTORATE_FILING, property=by_document, issued_at=at("2026-09-06 09:00")
    )
    not_received = stored(world, stored_at=None, custodian_registered_at=None)
    belongings = stored(world, seizure_kind=SeizureKind.BELONGINGS)
    probe = RuleProbe("property_custody_filing_24h")
    for item in (filed, by_document, not_received, belongings):
        assert probe.level(item, "2026-09-08 00:00") is None


def test_filing_after_the_deadline_is_a_late_breach(world):
    item = stored(world, inspectorate_filed_at=at("2026-09-07 09:00"))
    row = RuleProbe("property_custody_filing_24h").row(item, at("2026-09-07 10:00"))
    assert row["level"] == "red" and row["late"]
