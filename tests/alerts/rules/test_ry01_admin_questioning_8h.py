from cases.choices import CaseKind, LimitChangeKind, LimitChangeReason, LimitClock, LimitUnit, MeasureKind

from ..factories import at, make_case, make_change, make_measure, make_person
from ..probe import RuleProbe

CODE = "admin_questioning_8h"


def summons(world, **fields):
    return make_measure(world.s1, kind=MeasureKind.ADMIN_SUMMONS, **fields)


def test_eight_hours_from_the_recorded_minute(world):
    case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE)
    measure = summons(
        world, case=case, started_at=at("2026-09-05 10:07"), limit_value=8, limit_unit=LimitUnit.HOURS
    )
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 16:06": None, "2026-09-05 16:07": "blue", "2026-09-05 17:07": "yellow"}
    )
    probe.assert_due(measure, "2026-09-05 18:07")
    row = probe.row(measure, at("2026-09-05 19:00"))
    assert row["officer_id"] == world.off_s1a.pk and row["case_id"] == case.pk


def test_twenty_four_hour_tier_recorded_or_extended(world):
    recorded = summons(world, started_at=at("2026-09-05 10:00"), limit_value=24, limit_unit=LimitUnit.HOURS)
    probe = RuleProbe(CODE)
    probe.assert_levels(recorded, {"2026-09-06 03:59": None, "2026-09-06 04:00": "blue"})
    probe.assert_due(recorded, "2026-09-06 10:00")
    extended = summons(world, started_at=at("2026-09-05 10:00"))
    probe.assert_due(extended, "2026-09-05 18:00")
    make_change(
        measure=extended,
        clock=LimitClock.QUESTIONING,
        new_limit_value=24,
        new_limit_unit=LimitUnit.HOURS,
        effective_at=at("2026-09-05 16:00"),
        approved_at=at("2026-09-05 16:00"),
        reason=LimitChangeReason.COMPLEX_CASE,
    )
    probe.assert_due(extended, "2026-09-06 10:00")


def test_unknown_identity_gets_the_twelve_hour_tier_only_under_the_revised_law(world):
    person = make_person(world.s1, identity_unknown=True)
    new_law = summons(world, person=person, started_at=at("2026-01-01 00:00"))
    old_law = summons(world, person=person, started_at=at("2025-12-31 10:00"))
    probe = RuleProbe(CODE)
    probe.assert_due(new_law, "2026-01-01 12:00")
    probe.assert_levels(new_law, {"2026-01-01 08:59": None, "2026-01-01 09:00": "blue"})  # 12h band
    probe.assert_due(old_law, "2025-12-31 18:00")
    assert RuleProbe(CODE, params={"middle_tier_hours": 10}).row(new_law, at("2026-01-01 11:00"))[
        "due_at"
    ] == at("2026-01-01 10:00")


def test_transfer_restarts_and_drunk_restraint_stops_the_clock(world):
    measure = summons(world, started_at=at("2026-09-05 10:00"))
    make_change(
        measure=measure,
        clock=LimitClock.QUESTIONING,
        kind=LimitChangeKind.RESTART,
        effective_at=at("2026-09-05 14:00"),
    )
    probe = RuleProbe(CODE)
    probe.assert_due(measure, "2026-09-05 22:00")
    make_change(
        measure=measure,
        clock=LimitClock.QUESTIONING,
        kind=LimitChangeKind.SUSPENSION_START,
        effective_at=at("2026-09-05 15:00"),
    )
    make_change(
        measure=measure,
        clock=LimitClock.QUESTIONING,
        kind=LimitChangeKind.SUSPENSION_END,
        effective_at=at("2026-09-05 18:00"),
    )
    probe.assert_due(measure, "2026-09-06 01:00")


def test_left_in_time_never_red_left_late_is_red(world):
    in_time = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 17:59"))
    late = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 18:30"))
    criminal = make_measure(world.s1, kind=MeasureKind.CRIMINAL_SUMMONS, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(in_time, "2026-09-06 12:00") is None
    assert probe.level(criminal, "2026-09-06 12:00") is None
    row = probe.row(late, at("2026-09-06 12:00"))
    assert row["level"] == "red" and row["late"]


def test_compelled_appearance_in_an_administrative_case(world):
    case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE)
    measure = make_measure(
        world.s1, case=case, kind=MeasureKind.COMPELLED_APPEARANCE, started_at=at("2026-09-05 10:00")
    )
    RuleProbe(CODE).assert_due(measure, "2026-09-05 18:00")
    assert "8小时" in RuleProbe(CODE).explain(measure, "2026-09-05 19:00")
