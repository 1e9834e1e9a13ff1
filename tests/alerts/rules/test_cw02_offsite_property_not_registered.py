from cases.choices import DocumentKind, SeizureKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def frozen(world, **fields):
    defaults = {
        "seizure_kind": SeizureKind.FREEZE,
        "held_by_police": False,
        "seized_at": at("2026-09-05 10:00"),
        "seized_by": world.off_s1b,
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_fires_at_12_20_24_hours_and_routes_to_who_took_it(world):
    item = frozen(world)
    probe = RuleProbe("offsite_property_not_registered")
    probe.assert_levels(
        item, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-06 10:00")
    assert probe.row(item, at("2026-09-06 11:00"))["officer_id"] == world.off_s1b.pk


def test_sealed_preserved_and_left_in_place_are_watched(world):
    sealed = frozen(world, seizure_kind=SeizureKind.SEALING)
    preserved = frozen(world, seizure_kind=SeizureKind.PRESERVATION, held_by_police=True)
    left = frozen(world, seizure_kind=SeizureKind.SEIZURE)
    probe = RuleProbe("offsite_property_not_registered")
    for item in (sealed, preserved, left):
        assert probe.level(item, "2026-09-06 10:01") == "red"


def test_registered_in_time_or_lifted_does_not_fire(world):
    registered = frozen(world, custodian_registered_at=at("2026-09-06 09:00"))
    by_document = frozen(world)
    make_document(
        world.s1, DocumentKind.CUSTODIAN_REGISTRATION, property=by_document, issued_at=at("2026-09-05 16:00")
    )
    lifted = frozen(world, disposed_at=at("2026-09-05 15:00"))
    held = frozen(world, seizure_kind=SeizureKind.SEIZURE, held_by_police=True)  # CW01's business
    belongings = frozen(world, seizure_kind=SeizureKind.BELONGINGS)
    probe = RuleProbe("offsite_property_not_registered")
    for item in (registered, by_document, lifted, held, belongings):
        assert probe.level(item, "2026-09-07 00:00") is None


def test_registration_after_the_deadline_is_a_late_breach(world):
    item = frozen(world, custodian_registered_at=at("2026-09-06 12:00"))
    row = RuleProbe("offsite_property_not_registered").row(item, at("2026-09-06 13:00"))
    assert row["level"] == "red" and row["late"]
