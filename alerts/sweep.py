"""The escalation and notification sweep (every 10 minutes): one pass over the items
whose ``next_action_at`` has come, not one delayed task per item.

Items are picked through the partial index on ``next_action_at`` and claimed in small
transactions with ``SELECT … FOR UPDATE SKIP LOCKED``: two workers sweeping at once take
disjoint rows, and a row's next action is moved past ``as_of`` (or cleared) in the same
transaction that acts on it, so no item is acted on twice. ``as_of`` makes the sweep
travel in time (tests, ``manage.py sweep --as-of``).
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone

from supervision.choices import AuditSource, JobKind
from supervision.models import JobRun
from supervision.services import job_run_execute

from . import exemptions, workflow
from .choices import OPEN_WORKFLOW_STATES, ItemKind, WorkflowAction, WorkflowState
from .models import Warning

logger = logging.getLogger(__name__)

S = WorkflowState
BATCH_SIZE = 20


def act(warning: Warning, *, now: datetime.datetime, pol, matcher) -> str:
    """The one move the sweep makes on a claimed (locked) item; returns what it did."""
    if warning.workflow_state not in OPEN_WORKFLOW_STATES:
        warning.next_action_at = None
        warning.updated_at = timezone.now()
        warning.save(update_fields=["next_action_at", "updated_at"])
        return "idle"
    if warning.exempted or matcher.matches(warning):
        was = warning.exempted
        warning.exempted, warning.next_action_at = True, None
        if was:
            warning.updated_at = timezone.now()
            warning.save(update_fields=["exempted", "next_action_at", "updated_at"])
        else:
            workflow.record(
                warning,
                action=WorkflowAction.EXEMPTED,
                from_state=warning.workflow_state,
                by=None,
                fields=["exempted", "next_action_at"],
                now=now,
            )
        return "exempted"
    state = warning.workflow_state
    if state == S.NEW:
        workflow.notify(warning, now=now)
        return "notified"
    if state not in (S.NOTIFIED, S.ACKNOWLEDGED):
        # Submitted or verified: waiting for the legal officer, nothing to push.
        warning.next_action_at, warning.updated_at = None, timezone.now()
        warning.save(update_fields=["next_action_at", "updated_at"])
        return "idle"
    if warning.kind == ItemKind.PROBLEM and warning.rectify_due_at is None:
        workflow.become_problem(warning, now=now, pol=pol)
        return "became_problem"
    if warning.kind == ItemKind.REMINDER and state == S.ACKNOWLEDGED:
        warning.next_action_at, warning.updated_at = None, timezone.now()
        warning.save(update_fields=["next_action_at", "updated_at"])
        return "idle"
    if (
        warning.kind == ItemKind.PROBLEM
        and warning.rectify_due_at <= now
        and warning.escalation_step < 3
        and workflow.step_time(warning, warning.escalation_step + 1, pol) <= now
    ):
        workflow.escalate(warning, now=now, pol=pol)
        return "escalated"
    workflow.remind(warning, by=None, now=now)
    warning.next_action_at = workflow.next_action(warning, now=now, pol=pol)
    Warning.objects.filter(pk=warning.pk).update(next_action_at=warning.next_action_at)
    return "reminded"


def sweep_items(*, as_of: datetime.datetime, batch_size: int = BATCH_SIZE, limit: int | None = None) -> dict:
    """Act on every item due by ``as_of``, claiming small batches. Returns counts."""
    pol = workflow.policy()
    counts: Counter = Counter()
    counts.update(exemptions.expire(as_of=as_of))
    matcher = exemptions.matcher(timezone.localtime(as_of).date())
    acted = 0
    while limit is None or acted < limit:
        with transaction.atomic():
            batch = list(
                Warning.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("unit", "risk_point")
                .filter(next_action_at__lte=as_of)
                .order_by("next_action_at", "id")[:batch_size]
            )
            if not batch:
                break
            for warning in batch:
                try:
                    with transaction.atomic():
                        counts[act(warning, now=as_of, pol=pol, matcher=matcher)] += 1
                except Exception:  # one broken item must not stop the sweep
                    logger.exception("sweep: warning %s", warning.pk)
                    counts["errors"] += 1
                    # Look again in an hour rather than spin on it.
                    Warning.objects.filter(pk=warning.pk).update(
                        next_action_at=as_of + datetime.timedelta(hours=1)
                    )
                acted += 1
    return dict(counts)


def sweep_run(
    *,
    as_of: datetime.datetime | None = None,
    triggered_by: str = AuditSource.JOB,
    rerun: bool = False,
    batch_size: int = BATCH_SIZE,
) -> JobRun | None:
    """One sweep, recorded as a ``JobRun`` per minute (a duplicated beat does nothing)."""
    as_of = as_of or timezone.now()
    period = timezone.localtime(as_of).strftime("%Y-%m-%dT%H:%M")
    return job_run_execute(
        kind=JobKind.SWEEP,
        period=period,
        work=lambda run: sweep_items(as_of=as_of, batch_size=batch_size),
        triggered_by=triggered_by,
        options={"as_of": as_of.isoformat()},
        rerun=rerun,
    )
