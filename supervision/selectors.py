"""Reads of the core, shared by pages, API and reports."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import JobKind
from .models import AuditEvent, JobRun, Unit, User


def audit_event_list(*, fetched_by: User, filters: dict | None = None) -> QuerySet[AuditEvent]:
    from .filtersets import AuditEventFilterSet

    qs = AuditEvent.objects.visible_to(fetched_by).select_related("unit")
    return AuditEventFilterSet(filters or {}, queryset=qs, request=None).qs


def unit_list(*, fetched_by: User) -> QuerySet[Unit]:
    return Unit.objects.visible_to(fetched_by).filter(is_active=True)


def job_last_runs() -> dict[str, JobRun | None]:
    """The latest run of each scheduled job, by kind (one indexed lookup per kind)."""
    return {kind: JobRun.objects.filter(kind=kind).order_by("-started_at").first() for kind in JobKind.values}


def job_run_list(*, kind: str | None = None) -> QuerySet[JobRun]:
    qs = JobRun.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-started_at")
