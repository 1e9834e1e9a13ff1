from cases.choices import CaseKind, SeizureKind

from ..factories import at, make_case, make_property
from ..probe import RuleProbe


def preserved(world, seized="2026-09-07 10:00", **fields):
    defaults = {
        "seizure_kind": SeizureKind.PRESERVATION,
        "seized_at": at(seized),
        "seized_by": world.off_s1b,
        "case": make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_seven_days_blue_day_5_yellow_day_6(world):
    item = preserved(world)
    probe = RuleProbe("registered_preservation_7d")
    probe.assert_levels(
        item, {"2026-09-11 23:59": None, "2026-09-12 00:00": "blue", "2026-09-13 00:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-14 24:00")
    assert probe.row(item, at("2026-09-15 12:00"))["officer_id"] == world.off_s1b.pk


def test_last_day_in_a_holiday_rolls_over(world):
    item = preserved(world, seized="2026-09-28 10:00")  # 5 October → 8 October
    RuleProbe("registered_preservation_7d").assert_due(item, "2026-10-08 24:00")


def test_decided_in_time_or_turned_into_a_seizure_does_not_fire(world):
    returned = preserved(world, returned_at=at("2026-09-12 10:00"), disposed_at=at("2026-09-12 10:00"))
    seized = preserved(world)
    seized.seizure_kind = SeizureKind.ADMIN_SEIZURE
    seized.save()
    probe = RuleProbe("registered_preservation_7d")
    for item in (returned, seized):
        assert probe.level(item, "2026-09-16 00:00") is None


def test_decision_after_the_deadline_is_a_late_breach(world):
    item = preserved(world, disposed_at=at("2026-09-16 10:00"))
    row = RuleProbe("registered_preservation_7d").row(item, at("2026-09-16 11:00"))
    assert row["level"] == "red" and row["late"]
