"""Thin Celery adapters of the patrol services (stable task names, ids in, audit context set)."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from . import services


@shared_task(name="alerts.patrol")
def patrol(business_date: str | None = None) -> int | None:
    """Daily patrol (日巡查) for a business date, today by default (Asia/Shanghai): claims the
    date's run and fans its risk points out as ``alerts.patrol_chunk`` tasks."""
    day = datetime.date.fromisoformat(business_date) if business_date else timezone.localdate()
    with audit_context(source=AuditSource.JOB):
        run = services.patrol_run(business_date=day)
    return run.pk if run else None


@shared_task(
    name="alerts.patrol_chunk",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=5,
)
def patrol_chunk(chunk_id: int) -> None:
    """One risk point of a patrol run; short and idempotent (a done chunk is skipped)."""
    with audit_context(source=AuditSource.JOB):
        services.patrol_chunk_execute(chunk_id=chunk_id)


@shared_task(name="alerts.patrol_resume")
def patrol_resume() -> list[int]:
    """Sweep: take over patrol runs left running by a worker that died."""
    with audit_context(source=AuditSource.JOB):
        return services.patrol_resume_stale()
