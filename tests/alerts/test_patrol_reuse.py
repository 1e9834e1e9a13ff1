"""A rule whose last full evaluation still stands is not evaluated again: same code and
configuration, no row of the tables it reads written or removed since, its warnings as it
left them, and no level due to change by time yet. Anything else evaluates it again.

Committed data (``transactional_world``): rows written by a still-open transaction always
count as a change, so inside one test transaction nothing would ever be reused."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts import patrol as engine
from alerts.choices import Level
from alerts.models import PatrolChunk, RiskPoint, Warning
from alerts.rules import registry
from alerts.services import late_lookback, patrol_run, risk_point_update
from cases.models import Case

from .factories import at, make_case

pytestmark = pytest.mark.needs_postgres

CODE = "filing_review_overdue"


def patrol(as_of: str, **kwargs):
    moment = at(as_of)
    return patrol_run(
        business_date=moment.date(), as_of=moment, inline=True, rules=kwargs.pop("rules", [CODE]), **kwargs
    )


def chunk_counts(run) -> dict:
    return PatrolChunk.objects.get(run=run, rule_code=CODE).counts


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and '"alerts_warning' in q["sql"].split(" WHERE ")[0]
    ]


@pytest.fixture
def cases(transactional_world):
    world = transactional_world
    # Accepted Wednesday 18 Nov: 3 days → due Monday 23 Nov 24:00 (blue from 22 Nov 00:00,
    # yellow from 23 Nov 00:00).
    return [make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00")) for _ in range(3)]


def test_unchanged_rule_is_reused_without_writes(cases):
    first = patrol("2026-11-22 02:00")
    assert chunk_counts(first)["new"] == 3 and "reused" not in chunk_counts(first)
    next_at = datetime.datetime.fromisoformat(chunk_counts(first)["state"]["next_at"])
    assert next_at == at("2026-11-23 00:00")  # yellow from then on
    with CaptureQueriesContext(connection) as captured:
        second = patrol("2026-11-22 12:00")
    counts = chunk_counts(second)
    assert counts["reused"] == 1 and counts["open"] == 3 and counts["new"] == 0
    assert second.counts["reused_rules"] == 1
    assert writes(captured.captured_queries) == []
    assert set(Warning.objects.values_list("level", flat=True)) == {Level.BLUE}


def test_level_due_by_time_evaluates_again(cases):
    patrol("2026-11-22 02:00")
    later = patrol("2026-11-23 00:30")  # past the next transition: yellow now
    assert "reused" not in chunk_counts(later) and chunk_counts(later)["escalated"] == 3
    assert set(Warning.objects.values_list("level", flat=True)) == {Level.YELLOW}


def test_changed_data_evaluates_again(cases):
    patrol("2026-11-22 02:00")
    # A plain UPDATE that does not touch updated_at is seen all the same (row versions).
    Case.objects.filter(pk=cases[0].pk).update(filed_at=at("2026-11-22 08:00"))
    second = patrol("2026-11-22 12:00")
    assert "reused" not in chunk_counts(second) and chunk_counts(second)["resolved"] == 1
    third = patrol("2026-11-22 13:00")
    assert chunk_counts(third)["reused"] == 1 and chunk_counts(third)["open"] == 2


def test_new_element_and_deleted_warnings_evaluate_again(transactional_world, cases):
    world = transactional_world
    patrol("2026-11-22 02:00")
    make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 11:00"))
    assert chunk_counts(patrol("2026-11-22 03:00"))["new"] == 1
    Warning.objects.filter(case=cases[0]).delete()
    assert chunk_counts(patrol("2026-11-22 04:00"))["new"] == 1


def test_configuration_change_and_rerun_evaluate_again(transactional_world, cases):
    patrol("2026-11-22 02:00")
    config = RiskPoint.objects.get(code=CODE)
    risk_point_update(
        actor=transactional_world.city_legal,
        risk_point=config,
        enabled=True,
        thresholds={"*": {"blue": 2880, "yellow": 2880, "red": 0}},
        params={},
    )
    assert chunk_counts(patrol("2026-11-22 03:00"))["escalated"] == 3
    assert chunk_counts(patrol("2026-11-22 04:00"))["reused"] == 1
    day = datetime.date(2026, 11, 24)
    patrol_run(business_date=day, as_of=at("2026-11-22 05:00"), inline=True)
    rerun = patrol_run(business_date=day, as_of=at("2026-11-22 05:00"), inline=True, rerun=True)
    assert "reused" not in PatrolChunk.objects.get(run=rerun, rule_code=CODE).counts


def test_earlier_instant_evaluates_again(cases):
    patrol("2026-11-22 02:00")
    assert "reused" not in chunk_counts(patrol("2026-11-21 02:00"))


def test_rules_of_their_own_are_never_reused(transactional_world):
    config = RiskPoint.objects.get(code="repeat_dispute_call")
    as_of = at("2026-11-22 02:00")
    ctx = engine.context_for(registry["repeat_dispute_call"], config, as_of=as_of, late_since=as_of)
    assert engine.reuse_for(registry["repeat_dispute_call"], config, ctx, None) is None


def test_no_level_changes_before_the_reported_instant(cases):
    """The next transition the query reports is sound: evaluated a moment before it, the
    rows are those of the evaluation instant; at it, they differ."""
    rule = registry[CODE]
    config = RiskPoint.objects.get(code=CODE)

    def evaluate(moment):
        ctx = engine.context_for(rule, config, as_of=moment, late_since=moment - late_lookback())
        return rule.evaluate_with_next(ctx)

    as_of = at("2026-11-22 02:00")
    rows, next_at = evaluate(as_of)
    assert next_at == at("2026-11-23 00:00")
    before, _next = evaluate(next_at - datetime.timedelta(microseconds=1))
    assert [(r["element_id"], r["level"]) for r in before] == [(r["element_id"], r["level"]) for r in rows]
    after, _next = evaluate(next_at + datetime.timedelta(microseconds=1))
    assert {r["level"] for r in after} == {Level.YELLOW}
    plain = rule.evaluate(engine.context_for(rule, config, as_of=as_of, late_since=as_of - late_lookback()))
    assert sorted(plain, key=lambda r: r["element_id"]) == sorted(rows, key=lambda r: r["element_id"])
