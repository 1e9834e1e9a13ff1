from cases.choices import AdminDecision, CaseKind, MeasureKind

from ..factories import at, make_case, make_measure, make_person, make_visit
from ..probe import RuleProbe


def fast_case(world, summoned="2026-09-07 10:30", **fields):
    defaults = {"kind": CaseKind.ADMINISTRATIVE, "is_fast_track": True, "accepted_at": at("2026-09-07 10:00")}
    case = make_case(world.s1, world.off_s1a, **{**defaults, **fields})
    if summoned:
        make_measure(world.s1, case=case, kind=MeasureKind.ADMIN_SUMMONS, started_at=at(summoned))
    return case


def test_forty_eight_hours_from_arrival(world):
    case = fast_case(world)
    probe = RuleProbe("fast_track_overdue")
    probe.assert_levels(
        case, {"2026-09-08 22:29": None, "2026-09-08 22:30": "blue", "2026-09-09 06:30": "yellow"}
    )
    probe.assert_due(case, "2026-09-09 10:30")


def test_earliest_arrival_counts_and_acceptance_is_the_fallback(world):
    visited = fast_case(world)
    make_visit(
        world.s1,
        person=make_person(world.s1, case=visited),
        case=visited,
        arrived_at=at("2026-09-07 10:20"),
        entered_at=at("2026-09-07 10:25"),
    )
    no_arrival = fast_case(world, summoned=None)
    probe = RuleProbe("fast_track_overdue")
    probe.assert_due(visited, "2026-09-09 10:20")
    probe.assert_due(no_arrival, "2026-09-09 10:00")


def test_decided_in_time_or_ordinary_procedure_does_not_fire(world):
    decided = fast_case(world, decided_at=at("2026-09-08 16:00"), decision=AdminDecision.PENALTY)
    ordinary = fast_case(world, is_fast_track=False)
    probe = RuleProbe("fast_track_overdue")
    assert probe.level(decided, "2026-09-10 00:00") is None
    assert probe.level(ordinary, "2026-09-10 00:00") is None


def test_decision_after_48_hours_is_a_breach(world):
    case = fast_case(world, decided_at=at("2026-09-09 15:00"), decision=AdminDecision.PENALTY)
    row = RuleProbe("fast_track_overdue").row(case, at("2026-09-10 00:00"))
    assert row["level"] == "red" and row["late"]
