from cases.choices import AdminDecision, CaseEventKind, CaseKind
from cases.models import CaseEvent

from ..factories import at, make_case
from ..probe import RuleProbe


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"SJ-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def second_round(world, failed="2026-09-07 16:00", restarted="2026-09-09 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, **{"kind": CaseKind.ADMINISTRATIVE, **fields})
    event(case, CaseEventKind.MEDIATION_STARTED, "2026-09-07 10:00")
    event(case, CaseEventKind.MEDIATION_FAILED, failed)
    if restarted:
        event(case, CaseEventKind.MEDIATION_STARTED, restarted)
    return case


def test_seven_working_days_from_the_first_mediation(world):
    # Monday 7 September + 7 working days = Wednesday 16 September.
    case = second_round(world)
    probe = RuleProbe("second_mediation_late")
    probe.assert_levels(
        case, {"2026-09-13 23:59": None, "2026-09-14 00:00": "blue", "2026-09-16 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-16 24:00")


def test_working_days_skip_holidays_and_count_make_up_days(world):
    # After Monday 28 September: 29, 30 Sept, (1–7 Oct off), 8, 9, Saturday 10 (make-up), 12, 13 Oct.
    case = second_round(world, failed="2026-09-28 11:00", restarted="2026-09-29 09:00")
    RuleProbe("second_mediation_late").assert_due(case, "2026-10-13 24:00")


def test_completed_in_time_or_no_second_round_does_not_fire(world):
    agreed = second_round(world)
    event(agreed, CaseEventKind.MEDIATION_SUCCEEDED, "2026-09-11 15:00")
    failed_again = second_round(world)
    event(failed_again, CaseEventKind.MEDIATION_FAILED, "2026-09-15 15:00")
    decided = second_round(world, decided_at=at("2026-09-10 10:00"), decision=AdminDecision.PENALTY)
    no_second = second_round(world, restarted=None)
    probe = RuleProbe("second_mediation_late")
    for case in (agreed, failed_again, decided, no_second):
        assert probe.level(case, "2026-09-20 00:00") is None


def test_second_mediation_held_late_is_a_breach(world):
    case = second_round(world)
    event(case, CaseEventKind.MEDIATION_SECOND, "2026-09-18 10:00")
    probe = RuleProbe("second_mediation_late")
    assert probe.level(case, "2026-09-17 00:01") == "red"
    row = probe.row(case, at("2026-09-19 00:00"))
    assert row["level"] == "red" and row["late"]
