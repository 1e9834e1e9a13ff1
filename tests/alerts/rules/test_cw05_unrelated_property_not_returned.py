from cases.choices import DocumentKind, SeizureKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def unrelated(world, found="2026-09-05 10:00", **fields):
    defaults = {
        "seized_at": at("2026-09-01 10:00"),
        "found_unrelated_at": at(found),
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_three_days_from_the_finding(world):
    item = unrelated(world)
    probe = RuleProbe("unrelated_property_not_returned")
    probe.assert_levels(
        item, {"2026-09-06 23:59": None, "2026-09-07 00:00": "blue", "2026-09-08 00:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-08 24:00")
    assert probe.row(item, at("2026-09-09 12:00"))["officer_id"] == world.off_s1a.pk


def test_last_day_in_the_national_day_holiday_rolls_over(world):
    item = unrelated(world, found="2026-09-28 10:00")
    probe = RuleProbe("unrelated_property_not_returned")
    probe.assert_due(item, "2026-10-08 24:00")
    assert "国庆节" in probe.explain(item, "2026-10-08 12:00")


def test_returned_or_released_in_time_does_not_fire(world):
    returned = unrelated(world, returned_at=at("2026-09-07 10:00"), disposed_at=at("2026-09-07 10:00"))
    receipt = unrelated(world)
    make_document(world.s1, DocumentKind.RETURN_RECEIPT, property=receipt, issued_at=at("2026-09-06 15:00"))
    frozen = unrelated(world, seizure_kind=SeizureKind.FREEZE, held_by_police=False)
    make_document(world.s1, DocumentKind.MEASURE_RELEASE, property=frozen, issued_at=at("2026-09-08 15:00"))
    related = make_property(world.s1, seized_at=at("2026-09-01 10:00"))
    probe = RuleProbe("unrelated_property_not_returned")
    for item in (returned, receipt, frozen, related):
        assert probe.level(item, "2026-09-10 00:00") is None


def test_return_after_the_deadline_is_a_late_breach(world):
    item = unrelated(world, returned_at=at("2026-09-10 10:00"))
    row = RuleProbe("unrelated_property_not_returned").row(item, at("2026-09-10 11:00"))
    assert row["level"] == "red" and row["late"]
