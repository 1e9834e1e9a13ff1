from cases.choices import CaseEventKind, CaseKind, LimitClock
from cases.models import CaseEvent

from ..factories import at, make_case, make_change
from ..probe import RuleProbe

CODE = "no_filing_reconsideration_late"


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"EV-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def applied(world, when="2026-09-01 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, declined_at=at("2026-08-25 10:00"), **fields)
    event(case, CaseEventKind.RECONSIDERATION_APPLIED, when)
    return case


def test_thirty_days_from_the_application(world):
    case = applied(world)  # Tuesday 1 Sept + 30 days = Thursday 1 Oct, National Day → 8 Oct
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-10-08 24:00")
    probe.assert_levels(
        case,
        {"2026-09-30 23:59": None, "2026-10-01 00:00": "blue", "2026-10-05 00:00": "yellow"},
    )
    assert "国庆节" in probe.explain(case, "2026-10-09 00:30")


def test_approved_extension_to_sixty_days(world):
    case = applied(world, "2026-09-07 10:00")  # + 30 = 7 Oct (holiday) → 8 Oct
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-10-08 24:00")
    make_change(
        case=case,
        clock=LimitClock.RECONSIDERATION,
        effective_at=at("2026-10-01 09:00"),
        new_limit_value=60,
        approved_at=at("2026-09-30 17:00"),
    )
    probe.assert_due(case, "2026-11-06 24:00")  # Friday 6 Nov
    assert probe.level(case, "2026-10-22 23:59") is None
    assert probe.level(case, "2026-10-23 00:00") == "blue"  # 60-day band: 15 days before


def test_decided_or_filed_in_time_never_fires(world):
    decided = applied(world)
    event(decided, CaseEventKind.RECONSIDERATION_DECIDED, "2026-09-25 15:00")
    filed = applied(world, filed_at=at("2026-09-20 10:00"))
    no_application = make_case(world.s1, declined_at=at("2026-08-25 10:00"))
    administrative = applied(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe(CODE)
    for case in (decided, filed, no_application, administrative):
        assert probe.level(case, "2026-10-10 00:00") is None


def test_a_decision_on_an_earlier_application_does_not_answer_the_review(world):
    case = applied(world, "2026-09-01 10:00")
    event(case, CaseEventKind.RECONSIDERATION_DECIDED, "2026-09-20 10:00")
    event(case, CaseEventKind.RECONSIDERATION_APPLIED, "2026-09-25 10:00")  # review at the next level
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-09-21 00:00") is None  # first round answered
    assert probe.level(case, "2026-10-27 00:01") == "red"  # 25 Sept + 30 = 25 Oct (Sunday) → 26 Oct
    probe.assert_due(case, "2026-10-26 24:00")
