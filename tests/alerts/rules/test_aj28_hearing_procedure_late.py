from cases.choices import AdminDecision, CaseEventKind, CaseKind, DocumentKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"SJ-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def requested(world, when="2026-09-07 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, **{"kind": CaseKind.ADMINISTRATIVE, **fields})
    event(case, CaseEventKind.HEARING_REQUESTED, when)
    return case


def test_decision_on_the_request_within_two_days(world):
    case = requested(world)
    probe = RuleProbe("hearing_procedure_late")
    probe.assert_levels(case, {"2026-09-08 23:59": None, "2026-09-09 00:00": "yellow"})
    probe.assert_due(case, "2026-09-09 24:00")
    assert probe.row(case, at("2026-09-10 08:00"))["base_value"] == 2


def test_notice_due_three_days_after_the_request(world):
    case = requested(world)
    event(case, CaseEventKind.HEARING_ACCEPTED, "2026-09-08 09:00")
    probe = RuleProbe("hearing_procedure_late")
    probe.assert_levels(case, {"2026-09-09 23:59": None, "2026-09-10 00:00": "yellow"})
    probe.assert_due(case, "2026-09-10 24:00")


def test_hearing_held_within_ten_days(world):
    case = requested(world)
    make_document(world.s1, DocumentKind.HEARING_NOTICE, case=case, served_at=at("2026-09-09 15:00"))
    probe = RuleProbe("hearing_procedure_late")
    assert probe.level(case, "2026-09-16 23:59") is None  # the notice also answers the request
    probe.assert_due(case, "2026-09-17 24:00")


def test_sub_deadlines_roll_over_holidays(world):
    case = requested(world, when="2026-09-22 10:00")
    event(case, CaseEventKind.HEARING_ACCEPTED, "2026-09-23 09:00")
    probe = RuleProbe("hearing_procedure_late")
    # Notice: the third day is Friday 25 September (Mid-Autumn) → Monday 28 September.
    probe.assert_due(case, "2026-09-28 24:00")
    event(case, CaseEventKind.HEARING_NOTICE, "2026-09-28 10:00")
    # Hearing: the tenth day, 2 October, is in the National Day holiday → Thursday 8 October.
    probe.assert_due(case, "2026-10-08 24:00")


def test_procedure_in_time_or_case_decided_does_not_fire(world):
    in_time = requested(world)
    event(in_time, CaseEventKind.HEARING_ACCEPTED, "2026-09-08 09:00")
    event(in_time, CaseEventKind.HEARING_NOTICE, "2026-09-09 09:00")
    event(in_time, CaseEventKind.HEARING_HELD, "2026-09-16 09:00")
    decided = requested(world, decided_at=at("2026-09-08 17:00"), decision=AdminDecision.PENALTY)
    criminal = requested(world, kind=CaseKind.CRIMINAL)
    probe = RuleProbe("hearing_procedure_late")
    for case in (in_time, decided, criminal):
        assert probe.level(case, "2026-09-20 00:00") is None


def test_open_step_shown_before_a_step_met_late(world):
    case = requested(world)
    event(case, CaseEventKind.HEARING_ACCEPTED, "2026-09-10 09:00")  # a day late
    probe = RuleProbe("hearing_procedure_late")
    open_notice = probe.row(case, at("2026-09-10 12:00"))
    assert (open_notice["level"], open_notice["base_value"], open_notice["late"]) == ("yellow", 3, False)
    event(case, CaseEventKind.HEARING_NOTICE, "2026-09-10 15:00")  # the notice still in time
    late_decision = probe.row(case, at("2026-09-12 00:00"))
    assert (late_decision["level"], late_decision["base_value"], late_decision["late"]) == ("red", 2, True)
    assert "decision on the request due" in probe.explain(case, at("2026-09-12 00:00"), language="en")
