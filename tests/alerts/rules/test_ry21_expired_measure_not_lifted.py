from cases.choices import LimitClock, LimitUnit, MeasureKind

from ..factories import at, make_case, make_change, make_measure
from ..probe import RuleProbe

CODE = "expired_measure_not_lifted"


def test_admin_detention_past_its_days_is_red_only(world):
    measure = make_measure(
        world.s1,
        case=make_case(world.s1, world.off_s1a),
        kind=MeasureKind.ADMIN_DETENTION,
        started_at=at("2026-09-28 10:00"),
        limit_value=5,
        limit_unit=LimitUnit.DAYS,
    )
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-10-03 23:00") is None  # red only: nothing before
    probe.assert_due(measure, "2026-10-03 24:00")  # National Day: not extended
    assert probe.row(measure, at("2026-10-04 01:00"))["officer_id"] == world.off_s1a.pk


def test_summons_hours_and_extension(world):
    summons = make_measure(
        world.s1,
        kind=MeasureKind.CRIMINAL_SUMMONS,
        started_at=at("2026-09-05 10:00"),
        limit_value=12,
        limit_unit=LimitUnit.HOURS,
    )
    probe = RuleProbe(CODE)
    probe.assert_due(summons, "2026-09-05 22:00")
    make_change(
        measure=summons,
        clock=LimitClock.QUESTIONING,
        new_limit_value=24,
        new_limit_unit=LimitUnit.HOURS,
        effective_at=at("2026-09-05 20:00"),
        approved_at=at("2026-09-05 20:00"),
    )
    probe.assert_due(summons, "2026-09-06 10:00")


def test_arrest_months_and_bail_in_days(world):
    arrest = make_measure(
        world.s1,
        kind=MeasureKind.ARREST,
        started_at=at("2026-06-25 15:00"),
        limit_value=2,
        limit_unit="months",
    )
    bail = make_measure(
        world.s1, kind=MeasureKind.BAIL, started_at=at("2026-01-10 15:00"), limit_value=300, limit_unit="days"
    )
    probe = RuleProbe(CODE)
    probe.assert_due(arrest, "2026-08-25 24:00")
    probe.assert_due(bail, "2026-11-06 24:00")


def test_ended_in_time_never_red_late_cleared_detention_and_no_limit_ignored(world):
    ended = make_measure(
        world.s1,
        kind=MeasureKind.ADMIN_DETENTION,
        started_at=at("2026-09-01 10:00"),
        limit_value=5,
        limit_unit=LimitUnit.DAYS,
        ended_at=at("2026-09-06 10:00"),
    )
    late = make_measure(
        world.s1,
        kind=MeasureKind.ADMIN_DETENTION,
        started_at=at("2026-09-01 10:00"),
        limit_value=5,
        limit_unit=LimitUnit.DAYS,
        ended_at=at("2026-09-07 10:00"),
    )
    detention = make_measure(
        world.s1,
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-09-01 10:00"),
        limit_value=3,
        limit_unit=LimitUnit.DAYS,
    )
    no_limit = make_measure(world.s1, kind=MeasureKind.ADMIN_DETENTION, started_at=at("2026-09-01 10:00"))
    probe = RuleProbe(CODE)
    for measure in (ended, detention, no_limit):
        assert probe.level(measure, "2026-09-10 00:00") is None
    row = probe.row(late, at("2026-09-10 00:00"))
    assert row["level"] == "red" and row["late"]
