from cases.choices import LimitChangeKind, LimitClock, LimitUnit, MeasureKind

from ..factories import at, make_change, make_measure, make_person, make_visit
from ..probe import RuleProbe


def test_generic_cap_of_24_hours(world):
    visit = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), checked_by=world.off_s1a)
    probe = RuleProbe("area_overstay")
    probe.assert_levels(
        visit, {"2026-09-06 01:59": None, "2026-09-06 02:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(visit, "2026-09-06 10:00")


def test_clock_runs_from_arrival_at_the_police(world):
    visit = make_visit(world.s1, arrived_at=at("2026-09-05 09:00"), entered_at=at("2026-09-05 10:00"))
    RuleProbe("area_overstay").assert_due(visit, "2026-09-06 09:00")


def test_summons_limit_governs_and_its_extension_moves_it(world):
    person = make_person(world.s1)
    summons = make_measure(
        world.s1,
        person=person,
        kind=MeasureKind.ADMIN_SUMMONS,
        started_at=at("2026-09-05 10:00"),
        limit_value=8,
        limit_unit=LimitUnit.HOURS,
    )
    visit = make_visit(
        world.s1, person=person, arrived_at=at("2026-09-05 10:00"), entered_at=at("2026-09-05 10:05")
    )
    probe = RuleProbe("area_overstay")
    probe.assert_levels(
        visit, {"2026-09-05 15:59": None, "2026-09-05 16:00": "blue", "2026-09-05 17:00": "yellow"}
    )
    probe.assert_due(visit, "2026-09-05 18:00")
    make_change(
        measure=summons,
        clock=LimitClock.QUESTIONING,
        kind=LimitChangeKind.EXTENSION,
        new_limit_value=24,
        new_limit_unit=LimitUnit.HOURS,
        effective_at=at("2026-09-05 17:00"),
        approved_at=at("2026-09-05 17:00"),
    )
    probe.assert_due(visit, "2026-09-06 10:00")


def test_left_in_time_does_not_fire_left_late_is_red(world):
    in_time = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), exited_at=at("2026-09-05 20:00"))
    late = make_visit(world.s1, entered_at=at("2026-09-05 10:00"), exited_at=at("2026-09-06 12:00"))
    probe = RuleProbe("area_overstay")
    assert probe.level(in_time, "2026-09-07 00:00") is None
    row = probe.row(late, at("2026-09-07 00:00"))
    assert row["level"] == "red" and row["late"]
