"""The patrol end to end, in-process: warnings upserted by fingerprint, routed to the
element's unit and officer; a rerun on unchanged data writes nothing; escalation, late
acts, auto-resolve and reopening keep their history; one run per business date;
narrowed runs touch only their scope; a failing rule fails alone and the retry finishes."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.choices import ClearReason, EventKind, Level
from alerts.models import PatrolChunk, RiskPoint, Warning, WarningEvent
from alerts.rules import registry
from alerts.services import calendar_year_import, patrol_run, risk_point_update
from cases.choices import FilingReviewTier, LimitClock, MeasureKind
from supervision.models import JobRun

from .factories import at, make_case, make_change, make_measure

DAY = datetime.date(2026, 11, 20)
WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE")


def patrol(as_of: str, *, day=None, **kwargs):
    moment = at(as_of)
    return patrol_run(business_date=day or moment.date(), as_of=moment, inline=True, **kwargs)


def warning_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITE_PREFIXES)
        and ('"alerts_warning"' in q["sql"] or '"alerts_warningevent"' in q["sql"])
    ]


@pytest.fixture
def cases(world):
    """Criminal cases accepted Wednesday 18 Nov: 3 days end Saturday 21 → Monday 23 Nov 24:00."""
    return {
        "s1": make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00")),
        "s2": make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 10:00")),
    }


def test_first_patrol_raises_routed_explained_warnings(world, cases):
    run = patrol("2026-11-22 02:00")
    assert run.status == "succeeded" and run.errors == []
    assert run.counts["rules"] == len(registry) and run.counts["by_rule"]["filing_review_overdue"]["new"] == 2
    warning = Warning.objects.get(risk_point__code="filing_review_overdue", case=cases["s1"])
    assert warning.fingerprint == f"filing_review_overdue:case:{cases['s1'].pk}"
    assert (warning.unit, warning.officer, warning.level) == (world.s1, world.off_s1a, Level.BLUE)
    assert warning.due_at == at("2026-11-23 24:00") and warning.workflow_state == "new"
    assert [s["t"] for s in warning.explanation] == ["start", "period", "last_day", "roll", "due"]
    assert list(warning.events.values_list("kind", "level_to")) == [(EventKind.RAISED, Level.BLUE)]
    assert Warning.objects.get(case=cases["s2"], risk_point__code="filing_review_overdue").unit == world.s2


def test_rerun_on_unchanged_data_writes_no_warning_row(world, cases):
    patrol("2026-11-22 02:00", day=DAY)
    before = (Warning.objects.count(), WarningEvent.objects.count())
    with CaptureQueriesContext(connection) as captured:
        second = patrol("2026-11-22 02:10", day=DAY + datetime.timedelta(days=1))
    assert second.status == "succeeded" and second.counts["new"] == 0 and second.counts["open"] >= 2
    assert warning_writes(captured.captured_queries) == []
    assert (Warning.objects.count(), WarningEvent.objects.count()) == before


def test_second_trigger_for_the_same_date_does_nothing(world, cases):
    first = patrol("2026-11-22 02:00", day=DAY)
    with CaptureQueriesContext(connection) as captured:
        assert patrol("2026-11-22 03:00", day=DAY) is None
    assert warning_writes(captured.captured_queries) == []
    assert JobRun.objects.filter(kind="patrol").count() == 1
    assert PatrolChunk.objects.filter(run=first).count() == len(registry)


def test_escalation_keeps_history(world, cases):
    case = cases["s1"]
    for moment in ("2026-11-22 02:00", "2026-11-23 02:00", "2026-11-24 02:00"):
        patrol(moment)
    warning = Warning.objects.get(case=case, risk_point__code="filing_review_overdue")
    assert (warning.level, warning.peak_level) == (Level.RED, Level.RED)
    assert list(warning.events.values_list("kind", "level_from", "level_to")) == [
        (EventKind.RAISED, "", Level.BLUE),
        (EventKind.ESCALATED, Level.BLUE, Level.YELLOW),
        (EventKind.ESCALATED, Level.YELLOW, Level.RED),
    ]
    assert [step["t"] for step in warning.explanation][-1] == "missing"


def test_condition_cleared_in_time_resolves_and_stays_in_history(world, cases):
    case = cases["s1"]
    patrol("2026-11-22 02:00")
    case.filed_at = at("2026-11-22 09:00")
    case.save()
    run = patrol("2026-11-23 02:00")
    warning = Warning.objects.get(case=case, risk_point__code="filing_review_overdue")
    assert warning.cleared_at is not None and warning.clear_reason == ClearReason.CONDITION_CLEARED
    assert warning.peak_level == Level.BLUE  # a case decided in time never turns red
    assert warning.events.last().kind == EventKind.CLEARED and warning.run == run
    assert run.counts["by_rule"]["filing_review_overdue"]["resolved"] == 1


def test_late_act_resolves_a_red_warning_as_a_recorded_breach(world, cases):
    case = cases["s1"]
    patrol("2026-11-24 02:00")
    case.filed_at = at("2026-11-24 10:00")
    case.save()
    patrol("2026-11-25 02:00")
    warning = Warning.objects.get(case=case, risk_point__code="filing_review_overdue")
    assert warning.clear_reason == ClearReason.LATE and warning.late_at == at("2026-11-24 10:00")
    with CaptureQueriesContext(connection) as captured:
        patrol("2026-11-26 02:00")
    assert warning_writes(captured.captured_queries) == []


def test_late_act_between_patrols_is_recorded_once(world):
    case = make_case(
        world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"), filed_at=at("2026-11-24 01:00")
    )
    patrol(
        "2026-11-22 02:00"
    )  # no warning yet: blue window not reached? (due 23 Nov 24:00 → blue from 22 Nov)
    Warning.objects.filter(case=case).delete()  # as if the patrol of the 22nd had not seen it
    patrol("2026-11-24 02:00")
    recorded = Warning.objects.get(case=case, risk_point__code="filing_review_overdue")
    assert recorded.cleared_at is not None and recorded.clear_reason == ClearReason.LATE
    assert (recorded.peak_level, recorded.level) == (Level.RED, Level.RED)
    patrol("2026-11-25 02:00")
    assert Warning.objects.filter(case=case, risk_point__code="filing_review_overdue").count() == 1


def test_reopened_when_the_condition_returns(world, cases):
    case = cases["s1"]
    patrol("2026-11-22 02:00")
    case.filed_at = at("2026-11-22 09:00")
    case.save()
    patrol("2026-11-22 12:00", rerun=True)
    case.filed_at = None  # the source system withdrew the decision
    case.save()
    patrol("2026-11-23 02:00")
    warnings = Warning.objects.filter(case=case, risk_point__code="filing_review_overdue")
    assert warnings.count() == 1
    warning = warnings.get()
    assert warning.cleared_at is None and warning.level == Level.YELLOW
    assert list(warning.events.values_list("kind", flat=True)) == [
        EventKind.RAISED,
        EventKind.CLEARED,
        EventKind.REOPENED,
    ]


def test_approved_extension_de_escalates_and_moves_the_due(world):
    measure = make_measure(
        world.s1,
        case=make_case(world.s1, world.off_s1a),
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-03-01 10:00"),
    )
    patrol("2026-03-05 02:00")
    warning = Warning.objects.get(risk_point__code="arrest_request_deadline", element_id=measure.pk)
    assert warning.level == Level.RED
    make_change(
        measure=measure,
        clock=LimitClock.ARREST_REQUEST,
        new_limit_value=7,
        effective_at=at("2026-03-04 09:00"),
        approved_at=at("2026-03-04 09:00"),
    )
    patrol("2026-03-07 02:00")
    warning.refresh_from_db()
    assert (warning.level, warning.peak_level, warning.due_at) == (
        Level.BLUE,
        Level.RED,
        at("2026-03-08 24:00"),
    )
    assert warning.events.last().kind == EventKind.DE_ESCALATED
    assert warning.detail == {"limit_value": 7, "limit_unit": "days"}


def test_importing_a_missing_year_removes_the_flag(world):
    case = make_case(
        world.s1,
        world.off_s1a,
        accepted_at=at("2026-12-20 10:00"),
        filing_review_tier=FilingReviewTier.COMPLEX,
    )
    patrol("2027-01-12 02:00")
    warning = Warning.objects.get(case=case, risk_point__code="filing_review_overdue")
    assert warning.calendar_missing and warning.due_at == at("2027-01-19 24:00")
    calendar_year_import(
        actor=world.city_legal,
        year=2027,
        holidays={datetime.date(2027, 1, day): "new_years_day" for day in (1, 2, 3)},
        workdays=set(),
    )
    patrol("2027-01-12 03:00", rerun=True)
    warning.refresh_from_db()
    assert not warning.calendar_missing
    assert warning.events.last().kind == EventKind.CHANGED


def test_switching_a_rule_off_resolves_and_back_on_reopens(world, cases):
    patrol("2026-11-22 02:00")
    config = RiskPoint.objects.get(code="filing_review_overdue")
    risk_point_update(actor=world.city_legal, risk_point=config, enabled=False, thresholds={}, params={})
    patrol("2026-11-22 03:00", rerun=True, day=DAY)
    cleared = Warning.objects.filter(risk_point=config)
    assert set(cleared.values_list("clear_reason", flat=True)) == {ClearReason.RULE_DISABLED}
    risk_point_update(actor=world.city_legal, risk_point=config, enabled=True, thresholds={}, params={})
    patrol("2026-11-22 04:00", rerun=True, day=DAY)
    assert Warning.objects.filter(risk_point=config, cleared_at__isnull=True).count() == 2
    assert Warning.objects.filter(risk_point=config).count() == 2


def test_threshold_change_applies_at_the_next_patrol(world, cases):
    patrol("2026-11-21 02:00")
    assert not Warning.objects.filter(risk_point__code="filing_review_overdue").exists()
    config = RiskPoint.objects.get(code="filing_review_overdue")
    risk_point_update(
        actor=world.city_legal,
        risk_point=config,
        enabled=True,
        thresholds={"*": {"blue": 4 * 1440, "yellow": 1440, "red": 0}},
        params={},
    )
    patrol("2026-11-21 03:00", rerun=True, day=datetime.date(2026, 11, 21))
    assert Warning.objects.filter(risk_point=config, level=Level.BLUE).count() == 2


def test_unit_narrowed_run_touches_only_its_subtree(world, cases):
    patrol("2026-11-22 02:00")
    for case in cases.values():
        case.filed_at = at("2026-11-22 09:00")
        case.save()
    run = patrol("2026-11-22 12:00", unit=world.s2, rules=["AJ01"])
    assert run.period.startswith("2026-11-22~") and run.counts["rules"] == 1
    open_units = set(
        Warning.objects.filter(risk_point__code="filing_review_overdue", cleared_at__isnull=True).values_list(
            "unit__code", flat=True
        )
    )
    assert open_units == {"S1"}


def test_since_narrowed_run_evaluates_only_changed_elements(world, cases):
    patrol("2026-11-22 02:00")
    untouched, changed = cases["s1"], cases["s2"]
    changed.filed_at = at("2026-11-22 09:00")
    changed.updated_at = at("2026-11-22 09:00")
    changed.save()
    # Pretend S1's case was decided too but its row did not change (not picked up by --since).
    type(untouched).objects.filter(pk=untouched.pk).update(
        filed_at=at("2026-11-22 09:00"), updated_at=at("2026-11-01")
    )
    patrol("2026-11-22 12:00", since=at("2026-11-22 08:00"), rules=["filing_review_overdue"])
    assert Warning.objects.get(case=changed, risk_point__code="filing_review_overdue").cleared_at is not None
    assert Warning.objects.get(case=untouched, risk_point__code="filing_review_overdue").cleared_at is None


def test_a_failing_rule_fails_alone_and_the_retry_completes(world, cases, monkeypatch):
    rule = registry["filing_review_overdue"]

    def broken(ctx):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(rule, "evaluate", broken)
    run = patrol("2026-11-22 02:00", day=DAY)
    assert run.status == "failed"
    assert any("filing_review_overdue: RuntimeError: rule exploded" in e for e in run.errors)
    assert PatrolChunk.objects.filter(run=run, status="done").count() == len(registry) - 1
    assert not Warning.objects.filter(risk_point__code="filing_review_overdue").exists()
    monkeypatch.undo()
    retried = patrol("2026-11-22 03:00", day=DAY)  # the next trigger takes the failed run over
    assert retried.pk == run.pk and retried.status == "succeeded" and retried.attempts == 2
    assert Warning.objects.filter(risk_point__code="filing_review_overdue").count() == 2
    assert PatrolChunk.objects.filter(run=run).count() == len(registry)


def test_management_command_runs_in_process(world, cases):
    call_command("patrol", "--date", "2026-11-22", "--as-of", "2026-11-22T02:00:00+08:00")
    assert JobRun.objects.get(kind="patrol", period="2026-11-22").status == "succeeded"
    call_command("patrol", "--rule", "AJ01", "--unit", "S1", "--as-of", "2026-11-23T02:00:00+08:00")
    assert (
        Warning.objects.get(case=cases["s1"], risk_point__code="filing_review_overdue").level == Level.YELLOW
    )
    assert Warning.objects.get(case=cases["s2"], risk_point__code="filing_review_overdue").level == Level.BLUE


def test_healthz_shows_the_last_patrol(world, cases, client):
    run = patrol("2026-11-22 02:00")
    body = client.get("/healthz").json()
    assert body["jobs"]["patrol"]["period"] == run.period
    assert body["jobs"]["patrol"]["counts"]["by_rule"]["filing_review_overdue"]["new"] == 2


def test_chunks_are_dispatched_longest_first(world, cases):
    from alerts.services import _longest_first

    run = patrol("2026-11-22 02:00")
    chunks = PatrolChunk.objects.filter(run=run)
    slow = chunks.get(rule_code="record_signature_missing")
    PatrolChunk.objects.filter(pk=slow.pk).update(
        finished_at=slow.started_at + datetime.timedelta(seconds=30)
    )
    pending = [(c.pk + 1000, c.rule_code) for c in chunks]
    ordered = _longest_first(pending)
    assert ordered[0] == slow.pk + 1000
    assert len(ordered) == len(pending) and set(ordered) == {pk for pk, _code in pending}
