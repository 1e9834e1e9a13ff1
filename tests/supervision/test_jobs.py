import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from supervision.choices import JobKind, JobStatus
from supervision.models import JobRun
from supervision.services import job_run_claim, job_run_execute, job_run_finish


def test_claim_is_once_per_period(db):
    first = job_run_claim(kind=JobKind.PATROL, period="2026-11-23")
    assert first is not None and not first.resumed
    # A second trigger while the first is live, and after it succeeded, does nothing.
    assert job_run_claim(kind=JobKind.PATROL, period="2026-11-23") is None
    job_run_finish(first.run, counts={"rules": 1})
    assert job_run_claim(kind=JobKind.PATROL, period="2026-11-23") is None
    assert JobRun.objects.filter(kind=JobKind.PATROL).count() == 1


def test_abandoned_run_is_taken_over_once(db, settings):
    claim = job_run_claim(kind=JobKind.PATROL, period="2026-11-22")
    stale = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5)
    JobRun.objects.filter(pk=claim.run.pk).update(heartbeat_at=stale)
    takeover = job_run_claim(kind=JobKind.PATROL, period="2026-11-22")
    assert takeover is not None and takeover.resumed and takeover.run.attempts == 2
    assert job_run_claim(kind=JobKind.PATROL, period="2026-11-22") is None


def test_failed_run_records_the_error_and_can_be_retried(db):
    def boom(run):
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        job_run_execute(kind=JobKind.WEEKLY_BULLETIN, period="2026-W47", work=boom)
    run = JobRun.objects.get(kind=JobKind.WEEKLY_BULLETIN)
    assert run.status == JobStatus.FAILED and "database went away" in run.errors[0]
    again = job_run_execute(kind=JobKind.WEEKLY_BULLETIN, period="2026-W47", work=lambda run: {"ok": 1})
    assert again.status == JobStatus.SUCCEEDED and again.attempts == 2 and again.counts == {"ok": 1}


def test_management_commands_record_runs(db):
    call_command("patrol", "--date", "2026-11-23")
    call_command("weekly_bulletin", "--today", "2026-11-23")
    call_command("monthly_assessment", "--today", "2026-11-01")
    periods = dict(JobRun.objects.values_list("kind", "period"))
    assert periods == {"patrol": "2026-11-23", "weekly_bulletin": "2026-W47", "monthly_assessment": "2026-10"}


def test_schedules_are_declared_in_the_database(db):
    from django_celery_beat.models import PeriodicTask

    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab")}
    patrol = tasks["alerts.patrol"].crontab
    assert (patrol.minute, patrol.hour, str(patrol.timezone)) == ("0", "2", "Asia/Shanghai")
    bulletin = tasks["reports.weekly_bulletin"].crontab
    assert (bulletin.hour, bulletin.day_of_week) == ("8", "1")
    assessment = tasks["reports.monthly_assessment"].crontab
    assert (assessment.hour, assessment.day_of_month) == ("8", "1")


def test_healthz_reports_database_and_jobs(client, db):
    call_command("patrol", "--date", "2026-11-23")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["jobs"]["patrol"]["period"] == "2026-11-23"
    assert body["jobs"]["patrol"]["status"] == "succeeded"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_is_503_when_redis_is_down(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False
