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


# --- rectification workflow (flow)


@shared_task(name="alerts.sweep")
def sweep(as_of: str | None = None) -> int | None:
    """Escalation and notification sweep: notify new items, remind, escalate overdue ones."""
    from . import sweep as sweeping

    moment = datetime.datetime.fromisoformat(as_of) if as_of else None
    with audit_context(source=AuditSource.JOB):
        run = sweeping.sweep_run(as_of=moment)
    return run.pk if run else None


@shared_task(name="alerts.notification_emails", autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def notification_emails(notification_ids: list[int]) -> int:
    """E-mail the in-app notifications to recipients who have an address."""
    from .notifications import send_emails

    return send_emails(notification_ids)


@shared_task(name="alerts.webhook_fan_out")
def webhook_fan_out(event_ids: list[int], raised_ids: list[int] | None = None) -> int:
    """One delivery task per (subscription, event) an event matches; ``raised_ids`` are new
    items the patrol raised (announced without a workflow event)."""
    from . import webhooks

    jobs = webhooks.fan_out(event_ids, raised_ids or [])
    for subscription_id, event_id, payload in jobs:
        webhook_deliver.delay(subscription_id, event_id, payload)
    return len(jobs)


@shared_task(name="alerts.webhook_deliver", bind=True, max_retries=None)
def webhook_deliver(
    self, subscription_id: int, event_id: int | None, payload: dict, attempt: int = 1
) -> bool:
    """One attempt; on failure the task re-queues itself with exponential backoff until
    ``MAX_ATTEMPTS`` (every attempt is logged as a ``WebhookDelivery``)."""
    from . import webhooks

    result = webhooks.attempt(subscription_id, event_id, payload, attempt)
    if result is False and attempt < webhooks.MAX_ATTEMPTS:
        webhook_deliver.apply_async(
            args=(subscription_id, event_id, payload, attempt + 1), countdown=webhooks.backoff(attempt)
        )
    return bool(result)
