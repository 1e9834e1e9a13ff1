from cases.choices import CaseEventKind, DocumentKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"SJ-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def security_case(world, requested="2026-09-07 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, is_state_security=True, **fields)
    event(case, CaseEventKind.LAWYER_MEETING_REQUESTED, requested)
    return case


def test_three_days_to_decide(world):
    case = security_case(world)
    probe = RuleProbe("lawyer_request_decision_late")
    probe.assert_levels(
        case, {"2026-09-08 23:59": None, "2026-09-09 00:00": "blue", "2026-09-10 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-10 24:00")
    row = probe.row(case, at("2026-09-11 08:00"))
    assert row["officer_id"] == world.off_s1a.pk and row["case_id"] == case.pk and row["label"] == case.number


def test_holiday_rolls_the_last_day_over(world):
    case = security_case(world, requested="2026-09-22 10:00")
    RuleProbe("lawyer_request_decision_late").assert_due(case, "2026-09-28 24:00")


def test_decided_in_time_does_not_fire_late_decision_is_a_breach(world):
    decided = security_case(world)
    event(decided, CaseEventKind.LAWYER_MEETING_DECIDED, "2026-09-09 16:00")
    by_document = security_case(world)
    make_document(
        world.s1, DocumentKind.LAWYER_MEETING_DECISION, case=by_document, issued_at=at("2026-09-08 09:00")
    )
    late = security_case(world)
    event(late, CaseEventKind.LAWYER_MEETING_DECIDED, "2026-09-12 09:00")
    ordinary = make_case(world.s1, world.off_s1a)
    event(ordinary, CaseEventKind.LAWYER_MEETING_REQUESTED, "2026-09-07 10:00")
    probe = RuleProbe("lawyer_request_decision_late")
    for case in (decided, by_document, ordinary):
        assert probe.level(case, "2026-09-13 00:00") is None
    row = probe.row(late, at("2026-09-13 00:00"))
    assert row["level"] == "red" and row["late"]


def test_the_earliest_unanswered_request_counts(world):
    case = security_case(world, requested="2026-09-01 10:00")
    event(case, CaseEventKind.LAWYER_MEETING_DECIDED, "2026-09-02 10:00")
    event(case, CaseEventKind.LAWYER_MEETING_REQUESTED, "2026-09-07 10:00")
    event(case, CaseEventKind.LAWYER_MEETING_REQUESTED, "2026-09-08 10:00")
    probe = RuleProbe("lawyer_request_decision_late")
    probe.assert_due(case, "2026-09-10 24:00")
    # Before the second request came in, the first one (answered in time) is all there is.
    assert probe.level(case, "2026-09-06 00:00") is None
