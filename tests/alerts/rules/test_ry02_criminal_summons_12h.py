from cases.choices import CaseKind, LimitChangeReason, LimitClock, LimitUnit, MeasureKind

from ..factories import at, make_case, make_change, make_measure
from ..probe import RuleProbe

CODE = "criminal_summons_12h"


def summons(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.CRIMINAL_SUMMONS, **fields)


def test_twelve_hours_no_holiday_roll_over(world):
    measure = summons(world, started_at=at("2026-09-30 20:30"), limit_value=12, limit_unit=LimitUnit.HOURS)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-10-01 05:29": None, "2026-10-01 05:30": "blue", "2026-10-01 07:30": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 08:30")  # National Day: hours never roll over


def test_twenty_four_hours_only_with_approval(world):
    recorded = summons(world, started_at=at("2026-09-05 10:00"), limit_value=24, limit_unit=LimitUnit.HOURS)
    probe = RuleProbe(CODE)
    probe.assert_due(recorded, "2026-09-06 10:00")
    probe.assert_levels(
        recorded, {"2026-09-06 03:59": None, "2026-09-06 04:00": "blue", "2026-09-06 08:00": "yellow"}
    )
    too_long = summons(world, started_at=at("2026-09-05 10:00"), limit_value=36, limit_unit=LimitUnit.HOURS)
    probe.assert_due(too_long, "2026-09-05 22:00")  # beyond the law: the base limit
    unapproved = summons(world, started_at=at("2026-09-05 10:00"))
    make_change(
        measure=unapproved,
        clock=LimitClock.QUESTIONING,
        new_limit_value=24,
        new_limit_unit=LimitUnit.HOURS,
        effective_at=at("2026-09-05 20:00"),
        reason=LimitChangeReason.COMPLEX_CASE,
    )
    assert probe.level(unapproved, "2026-09-05 22:01") == "red"


def test_compelled_appearance_is_criminal_unless_the_case_is_administrative(world):
    compelled = make_measure(
        world.s1, kind=MeasureKind.COMPELLED_APPEARANCE, started_at=at("2026-09-05 10:00")
    )
    admin_case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE)
    admin = make_measure(
        world.s1, case=admin_case, kind=MeasureKind.COMPELLED_APPEARANCE, started_at=at("2026-09-05 10:00")
    )
    probe = RuleProbe(CODE)
    probe.assert_due(compelled, "2026-09-05 22:00")
    assert probe.level(admin, "2026-09-06 10:00") is None


def test_ended_in_time_never_red(world):
    released = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 21:00"))
    late = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 23:00"))
    probe = RuleProbe(CODE)
    assert probe.level(released, "2026-09-07 00:00") is None
    assert probe.row(late, at("2026-09-07 00:00"))["late"]
    assert probe.level(late, "2026-09-05 21:00") == "yellow"  # still held then
