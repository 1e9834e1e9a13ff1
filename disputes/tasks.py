"""Thin task adapters: take strings, call a service inside a job audit context."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from supervision.audit import audit_context
from supervision.choices import AuditSource

from . import services


def _day(value: str | None) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(name="disputes.intake")
def intake(business_date: str | None = None, occasion: str = "") -> int | None:
    """Daily intake and triage refresh (每日研判): dispute incidents become records, parties
    are matched, repeat calls linked and colours proposed. Also run after an ingestion."""
    with audit_context(source=AuditSource.JOB):
        run = services.dispute_intake_run(business_date=_day(business_date), occasion=occasion)
    return run.pk if run else None


@shared_task(name="disputes.sweep")
def sweep(business_date: str | None = None) -> int | None:
    """Daily sweep of overdue follow-up visits: one warning per overdue dispute."""
    with audit_context(source=AuditSource.JOB):
        run = services.dispute_sweep_run(business_date=_day(business_date))
    return run.pk if run else None


def enqueue_intake_after_ingestion(sender, instance, created, **kwargs) -> None:
    """After a committed ingestion of incidents or persons, take in the new disputes.

    Connected to ``cases.Ingestion`` post_save in ``DisputesConfig.ready`` (``cases`` may not
    import ``disputes``). It only schedules the job; the work is the intake service.
    """
    from django.db import transaction

    from cases.models import Ingestion

    if instance.status != Ingestion.Status.COMMITTED:
        return
    if instance.channel == Ingestion.Channel.DEMO:
        return  # the demo seeds take in their disputes themselves (with the go-live cut-off)
    if instance.element_type not in ("incident", "incidents", "person", "persons"):
        return
    occasion = f"ingestion-{instance.pk}"
    today = timezone.localdate().isoformat()
    transaction.on_commit(lambda: intake.delay(today, occasion))
