from cases.choices import CaseEventKind, CaseKind, DocumentKind, MeasureEndReason, MeasureKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"SJ-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def applied(world, when="2026-09-07 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, **fields)
    event(case, CaseEventKind.MEASURE_CHANGE_APPLIED, when)
    return case


def test_three_days_to_answer(world):
    case = applied(world)
    probe = RuleProbe("measure_change_reply_late")
    probe.assert_levels(
        case, {"2026-09-08 23:59": None, "2026-09-09 00:00": "blue", "2026-09-10 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-10 24:00")


def test_reply_period_rolls_over_a_holiday(world):
    # Not a custody period: the third day, Friday 25 September, is the Mid-Autumn holiday.
    case = applied(world, when="2026-09-22 18:00")
    RuleProbe("measure_change_reply_late").assert_due(case, "2026-09-28 24:00")


def test_answered_in_time_does_not_fire(world):
    decided = applied(world)
    event(decided, CaseEventKind.MEASURE_CHANGE_DECIDED, "2026-09-08 10:00")
    by_document = applied(world)
    make_document(
        world.s1, DocumentKind.MEASURE_CHANGE_DECISION, case=by_document, issued_at=at("2026-09-09 10:00")
    )
    released = applied(world)
    make_measure(
        world.s1,
        case=released,
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-09-05 10:00"),
        ended_at=at("2026-09-09 15:00"),
        end_reason=MeasureEndReason.RELEASED,
    )
    bailed = applied(world)
    make_measure(world.s1, case=bailed, kind=MeasureKind.BAIL, started_at=at("2026-09-08 15:00"))
    administrative = applied(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("measure_change_reply_late")
    for case in (decided, by_document, released, bailed, administrative):
        assert probe.level(case, "2026-09-14 00:00") is None


def test_an_arrest_is_no_answer(world):
    case = applied(world)
    make_measure(
        world.s1,
        case=case,
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-09-05 10:00"),
        ended_at=at("2026-09-09 15:00"),
        end_reason=MeasureEndReason.CHANGED,
    )
    make_measure(world.s1, case=case, kind=MeasureKind.ARREST, started_at=at("2026-09-09 15:00"))
    assert RuleProbe("measure_change_reply_late").level(case, "2026-09-11 00:01") == "red"


def test_late_answer_is_a_recorded_breach(world):
    case = applied(world)
    event(case, CaseEventKind.MEASURE_CHANGE_DECIDED, "2026-09-12 10:00")
    probe = RuleProbe("measure_change_reply_late")
    assert probe.level(case, "2026-09-11 00:01") == "red"  # before the answer: pending, red
    row = probe.row(case, at("2026-09-13 00:00"))
    assert row["level"] == "red" and row["late"]
