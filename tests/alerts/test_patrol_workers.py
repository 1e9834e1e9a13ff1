"""The patrol under real Celery workers against PostgreSQL and Redis: fan-out across
workers with completion tracked in the database, and a worker killed mid-run (SIGKILL)
whose run is taken over and completed with nothing duplicated and nothing lost."""

import datetime
import time

import psycopg2
import pytest
from django.db import connection

from alerts.models import PatrolChunk, Warning
from alerts.patrol import context_for
from alerts.rules import registry
from alerts.services import late_lookback, risk_point_config
from cases.choices import MeasureKind
from supervision.models import JobRun

from .conftest import wait_for
from .factories import at, make_case, make_measure, make_property

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]

PERIOD = "2026-11-23"


def seed_irregular(world) -> None:
    """Irregular elements for several risk points in two stations."""
    for unit, officer in ((world.s1, world.off_s1a), (world.s2, world.off_s2a)):
        for day in ("2026-11-10", "2026-11-18", "2026-11-19"):
            make_case(unit, officer, accepted_at=at(f"{day} 10:00"))
        make_measure(unit, case=make_case(unit, officer), started_at=at("2026-11-20 10:00"))
        make_measure(
            unit, case=make_case(unit, officer), kind=MeasureKind.ARREST, started_at=at("2026-09-25 10:00")
        )
        make_property(unit, seized_at=at("2026-11-22 20:00"))


def expected_open() -> dict[str, int]:
    """What the patrol must leave open, rule by rule, evaluated directly (no writes)."""
    run = JobRun.objects.get(kind="patrol", period=PERIOD)
    as_of = datetime.datetime.fromisoformat(run.options["as_of"])
    expected = {}
    for rule in registry:
        ctx = context_for(rule, risk_point_config(rule.code), as_of=as_of, late_since=as_of - late_lookback())
        expected[rule.code] = sum(1 for row in rule.evaluate(ctx) if not row["late"])
    return expected


def open_by_rule() -> dict[str, int]:
    counts = dict.fromkeys((rule.code for rule in registry), 0)
    for code in Warning.objects.open().values_list("risk_point__code", flat=True):
        counts[code] += 1
    return counts


def lock_risk_point(code: str):
    """Hold the risk point's row lock from another connection: its chunk blocks there."""
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"] or "postgres",
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    cursor = conn.cursor()
    cursor.execute("SELECT id FROM alerts_riskpoint WHERE code = %s FOR UPDATE", [code])
    return conn


def test_patrol_fans_out_across_workers_and_finishes_once(transactional_world, workers):
    seed_irregular(transactional_world)
    workers.start("a")
    workers.start("b")
    blocker = lock_risk_point("filing_review_overdue")  # one worker waits here; the other runs the rest
    try:
        workers.send("alerts.patrol", business_date=PERIOD)
        wait_for(
            lambda: PatrolChunk.objects.filter(run__period=PERIOD, status="done").count() == len(registry) - 1
        )
        run = JobRun.objects.get(kind="patrol", period=PERIOD)
        assert run.status == "running" and run.progress_done == len(registry) - 1
    finally:
        blocker.rollback()
        blocker.close()
    run = wait_for(lambda: JobRun.objects.filter(kind="patrol", period=PERIOD, status="succeeded").first())
    chunks = PatrolChunk.objects.filter(run=run)
    assert chunks.count() == len(registry) and set(chunks.values_list("attempts", flat=True)) == {1}
    assert len(set(chunks.values_list("worker", flat=True))) == 2  # both workers took part
    assert run.counts["open"] == sum(open_by_rule().values()) > 0
    assert open_by_rule() == expected_open()
    # A second delivery for the same date finds the run and does nothing.
    workers.send("alerts.patrol", business_date=PERIOD)
    workers.send("alerts.patrol_resume")
    time.sleep(2)
    assert JobRun.objects.filter(kind="patrol").count() == 1


def test_worker_killed_mid_run_is_taken_over_without_duplicates(transactional_world, workers):
    seed_irregular(transactional_world)
    workers.start("doomed")
    blocker = lock_risk_point("custody_2m_expiring")
    try:
        workers.send("alerts.patrol", business_date=PERIOD)
        wait_for(
            lambda: (
                PatrolChunk.objects.filter(
                    run__period=PERIOD, rule_code="custody_2m_expiring", status="running"
                ).exists()
                and PatrolChunk.objects.filter(run__period=PERIOD, status="done").count() >= 1
            )
        )
        workers.kill("doomed")  # mid-chunk: its transaction dies with its connection
    finally:
        blocker.rollback()
        blocker.close()
    run = JobRun.objects.get(kind="patrol", period=PERIOD)
    assert run.status == "running"
    assert not Warning.objects.filter(risk_point__code="custody_2m_expiring").exists()  # nothing half-written
    done_before = set(PatrolChunk.objects.filter(run=run, status="done").values_list("rule_code", flat=True))
    # The resume sweep of a fresh worker takes the run over once its heartbeat is stale.
    workers.start("rescuer", JOB_STALE_AFTER_SECONDS=2)
    time.sleep(3)  # let the dead worker's heartbeat go stale
    workers.send("alerts.patrol_resume")
    run = wait_for(lambda: JobRun.objects.filter(pk=run.pk, status="succeeded").first(), timeout=240)
    assert run.attempts == 2
    chunks = PatrolChunk.objects.filter(run=run)
    assert chunks.filter(status="done").count() == len(registry)
    # Chunks finished before the kill were not run again.
    assert (
        set(chunks.filter(rule_code__in=done_before, attempts=1).values_list("rule_code", flat=True))
        == done_before
    )
    assert open_by_rule() == expected_open()
    fingerprints = list(Warning.objects.values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints))
