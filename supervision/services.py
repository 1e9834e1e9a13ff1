"""Writes of the core: the audit trail and job runs.

Every write in the platform goes through a service function ``<entity>_<action>(*, actor, …)``
that records itself here with ``audit_record``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .audit import current_context
from .choices import AuditSource, JobStatus
from .models import AuditEvent, JobRun, Unit, User

logger = logging.getLogger(__name__)


def _unit_of(obj) -> Unit | None:
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj
    unit_id = getattr(obj, "unit_id", None)
    return Unit(pk=unit_id) if unit_id else None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    changes: dict | None = None,
    unit: Unit | None = None,
    note: str = "",
    source: str | None = None,
) -> AuditEvent:
    """Append one event to the audit trail. ``action`` is ``<entity>.<verb>``."""
    ctx = current_context()
    return AuditEvent.objects.create(**_event_fields(actor, action, target, changes, unit, note, source, ctx))


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    items: Iterable[tuple[models.Model, dict]],
    note: str = "",
    source: str | None = None,
    batch_size: int = 2000,
) -> int:
    """Append one event per (target, changes) pair in bulk: for imports and the patrol."""
    ctx = current_context()
    events = [
        AuditEvent(**_event_fields(actor, action, target, changes, None, note, source, ctx))
        for target, changes in items
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


def _event_fields(actor, action, target, changes, unit, note, source, ctx) -> dict:
    unit = unit or _unit_of(target)
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return {
        "actor": actor_obj,
        "actor_name": actor_obj.display_name if actor_obj else "",
        "source": source or ctx.source,
        "action": action,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None and target.pk is not None else "",
        "target_repr": str(target)[:255] if target is not None else "",
        "unit_id": unit.pk if unit is not None else None,
        "changes": changes or {},
        "remote_addr": ctx.remote_addr,
        "note": note,
    }


# ---------------------------------------------------------------------------------------
# Job runs: one row per (kind, period); claimed, heart-beaten, finished.


@dataclass
class Claim:
    run: JobRun
    resumed: bool  # True when this call took over a failed or abandoned run


def job_run_claim(
    *,
    kind: str,
    period: str,
    triggered_by: str = AuditSource.JOB,
    options: dict | None = None,
    rerun: bool = False,
) -> Claim | None:
    """Claim the run of ``kind`` for ``period``, or return ``None`` when there is nothing to do.

    Nothing to do means: the period already succeeded (unless ``rerun``), or another
    worker is running it and its heartbeat is fresh. A failed run, or one whose worker
    died (stale heartbeat), is taken over with a conditional UPDATE so that two
    claimers never both win.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                kind=kind,
                period=period,
                triggered_by=triggered_by,
                options=options or {},
                started_at=now,
                heartbeat_at=now,
            )
        return Claim(run=run, resumed=False)
    except IntegrityError:
        run = JobRun.objects.get(kind=kind, period=period)

    stale_before = now - datetime.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    if run.status == JobStatus.SUCCEEDED and not rerun:
        return None
    if run.status == JobStatus.RUNNING and run.heartbeat_at >= stale_before:
        return None
    claimed = JobRun.objects.filter(pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at).update(
        status=JobStatus.RUNNING,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        finished_at=None,
        triggered_by=triggered_by,
        options=options or run.options,
        **({"started_at": now, "counts": {}, "errors": [], "progress_done": 0} if rerun else {}),
    )
    if not claimed:
        return None
    run.refresh_from_db()
    return Claim(run=run, resumed=True)


def job_run_heartbeat(
    run: JobRun, *, progress_done: int | None = None, progress_total: int | None = None
) -> None:
    fields = {"heartbeat_at": timezone.now()}
    if progress_done is not None:
        fields["progress_done"] = progress_done
        run.progress_done = progress_done
    if progress_total is not None:
        fields["progress_total"] = progress_total
        run.progress_total = progress_total
    JobRun.objects.filter(pk=run.pk).update(**fields)


def job_run_finish(
    run: JobRun, *, counts: dict | None = None, errors: list | None = None, failed: bool = False
) -> JobRun:
    run.status = JobStatus.FAILED if failed else JobStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.heartbeat_at = run.finished_at
    if counts is not None:
        run.counts = counts
    if errors is not None:
        run.errors = errors
    if not failed and run.progress_total:
        run.progress_done = run.progress_total
    run.save(update_fields=["status", "finished_at", "heartbeat_at", "counts", "errors", "progress_done"])
    logger.info("job %s %s %s", run.kind, run.period, run.status)
    return run


def job_run_execute(
    *,
    kind: str,
    period: str,
    work,
    triggered_by: str = AuditSource.JOB,
    options: dict | None = None,
    rerun: bool = False,
) -> JobRun | None:
    """Claim the period and run ``work(run) -> counts``; record success or the error.

    Returns the run, or ``None`` when the period needed nothing (already done or live
    elsewhere). The error is recorded on the run and re-raised so a task can retry.
    """
    claim = job_run_claim(kind=kind, period=period, triggered_by=triggered_by, options=options, rerun=rerun)
    if claim is None:
        return None
    try:
        counts = work(claim.run) or {}
    except Exception as exc:
        job_run_finish(claim.run, errors=[*claim.run.errors, f"{type(exc).__name__}: {exc}"], failed=True)
        raise
    return job_run_finish(claim.run, counts=counts)
