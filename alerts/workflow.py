"""The rectification workflow (整改流程): every move of a warning's ``workflow_state``.

Each function is keyword-only, runs in one transaction on the warning's row lock
(``select_for_update``), appends a ``WorkflowEvent`` (the item's history), writes the audit
trail, sets ``updated_at`` (the REST feed polls by it) and pushes to the people concerned
(in-app, e-mail, webhooks — after commit, never for an exempted item). An illegal move
raises ``TransitionError`` with a sentence a person can act on; a missing capability
raises ``PermissionDenied``.

A problem: new → notified → acknowledged → submitted → verified → closed; ``reject``
sends a submitted rectification back to acknowledged with the reason. A reminder:
new → notified → acknowledged → closed. The patrol marks items it resolved itself
``auto_resolved`` (``alerts.patrol``); the sweep (``alerts.sweep``) notifies, reminds and
escalates.
"""

from __future__ import annotations

import datetime
import os
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import Unit, User
from supervision.roles import has_capability
from supervision.services import audit_record

from . import push
from .choices import (
    ESCALATION_STEPS,
    OPEN_WORKFLOW_STATES,
    ClearReason,
    Department,
    ItemKind,
    Level,
    WarningSource,
    WorkflowAction,
    WorkflowState,
)
from .models import RectificationAttachment, RectificationPolicy, Warning, WorkflowEvent

S = WorkflowState

# Attachments: what a rectification may carry (scans, photos, office documents).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
ALLOWED_EXTENSIONS = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".txt": {"text/plain"},
    ".doc": {"application/msword"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}
# Browsers and scanners often send this for any file; the extension then decides.
GENERIC_TYPES = {"application/octet-stream", ""}


class TransitionError(ValueError):
    """A move the item's state (or the input) does not allow; ``message`` is user-facing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputError(TransitionError):
    """The move is allowed but its input is not (no text, no reason, a refused file)."""


# ---------------------------------------------------------------------------------------
# Helpers


def policy() -> RectificationPolicy:
    """The one policy row (created with the documented defaults on first use)."""
    row = RectificationPolicy.objects.order_by("pk").first()
    if row is None:
        row, _created = RectificationPolicy.objects.get_or_create(pk=1)
    return row


def _require(by: User | None, capability: str) -> None:
    if by is not None and not has_capability(by, capability):
        raise PermissionDenied(_("Your role may not do this."))


def _lock(warning: Warning) -> Warning:
    return Warning.objects.select_for_update().select_related("unit").get(pk=warning.pk)


def _state_label(state: str) -> str:
    return str(WorkflowState(state).label) if state else ""


def _illegal(warning: Warning, action: str) -> TransitionError:
    return TransitionError(
        _("This item is “%(state)s”: it cannot be %(action)s now.")
        % {"state": _state_label(warning.workflow_state), "action": str(WorkflowAction(action).label).lower()}
    )


def _check(warning: Warning, action: str, allowed: set[str]) -> None:
    if warning.workflow_state not in allowed:
        raise _illegal(warning, action)


def _sync(target: Warning, source: Warning) -> None:
    """Copy the locked row's values onto the caller's instance."""
    for field in Warning._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def record(
    warning: Warning,
    *,
    action: str,
    from_state: str,
    by: User | None,
    note: str = "",
    fields: list[str],
    now: datetime.datetime,
    recipients=None,
    text: str = "",
) -> WorkflowEvent:
    """Save the changed ``fields``, append the history row, audit, push. ``now`` is the
    moment of the move (the sweep's ``as_of``); ``updated_at`` is always the wall clock,
    because the REST feed's cursor must never move backwards."""
    warning.updated_at = timezone.now()
    warning.save(update_fields=[*fields, "updated_at"])
    event = WorkflowEvent.objects.create(
        warning=warning,
        action=action,
        from_state=from_state,
        to_state=warning.workflow_state,
        actor=by,
        note=note,
        escalation_step=warning.escalation_step,
        occurred_at=now,
    )
    changes = (
        {"workflow_state": [from_state, warning.workflow_state]}
        if from_state != warning.workflow_state
        else {}
    )
    audit_record(actor=by, action=f"warning.{action}", target=warning, changes=changes, note=note[:500])
    push.on_event(event, warning=warning, recipients=recipients or [], text=text)
    return event


def schedule_after_notice(warning: Warning, *, now: datetime.datetime, pol: RectificationPolicy) -> None:
    """Deadline and next sweep time of a notified item (problems get a rectification
    deadline by level; reminders are re-sent at the interval until acknowledged)."""
    interval = datetime.timedelta(hours=pol.reminder_interval_hours)
    if warning.kind == ItemKind.PROBLEM:
        if warning.rectify_due_at is None:
            warning.rectify_due_at = now + datetime.timedelta(days=pol.days_for(warning.level))
        warning.next_action_at = min(now + interval, warning.rectify_due_at)
    else:
        warning.next_action_at = now + interval


# ---------------------------------------------------------------------------------------
# The transitions of the contract


@transaction.atomic
def notify(warning: Warning, *, by: User | None = None, now: datetime.datetime | None = None) -> Warning:
    """new → notified: tell the responsible people, set the rectification deadline."""
    now = now or timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.NOTIFIED, {S.NEW})
    pol = policy()
    locked.workflow_state = S.NOTIFIED
    schedule_after_notice(locked, now=now, pol=pol)
    record(
        locked,
        action=WorkflowAction.NOTIFIED,
        from_state=S.NEW,
        by=by,
        fields=["workflow_state", "rectify_due_at", "next_action_at"],
        now=now,
        recipients=push.responsible(locked),
        text=push.describe(locked, WorkflowAction.NOTIFIED),
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def acknowledge(warning: Warning, *, by: User) -> Warning:
    """The unit has seen it (签收). Reminders continue until a rectification comes."""
    _require(by, "answer_warnings")
    now = timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.ACKNOWLEDGED, {S.NEW, S.NOTIFIED})
    before = locked.workflow_state
    pol = policy()
    locked.workflow_state = S.ACKNOWLEDGED
    if locked.kind == ItemKind.PROBLEM:
        if locked.rectify_due_at is None:
            locked.rectify_due_at = now + datetime.timedelta(days=pol.days_for(locked.level))
        locked.next_action_at = min(
            now + datetime.timedelta(hours=pol.reminder_interval_hours), locked.rectify_due_at
        )
    else:
        locked.next_action_at = None  # a reminder asks for attention; it has it now
    record(
        locked,
        action=WorkflowAction.ACKNOWLEDGED,
        from_state=before,
        by=by,
        fields=["workflow_state", "rectify_due_at", "next_action_at"],
        now=now,
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def assign(warning: Warning, *, by: User, to_user: User) -> Warning:
    """Name the person who rectifies; they must belong to the item's scope."""
    _require(by, "answer_warnings")
    now = timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.ASSIGNED, set(OPEN_WORKFLOW_STATES))
    if not Warning.objects.visible_to(to_user).filter(pk=locked.pk).exists():
        raise TransitionError(_("%(user)s cannot see this item's unit.") % {"user": to_user.display_name})
    if not has_capability(to_user, "answer_warnings"):
        raise TransitionError(_("%(user)s's role may not answer warnings.") % {"user": to_user.display_name})
    locked.assignee = to_user
    record(
        locked,
        action=WorkflowAction.ASSIGNED,
        from_state=locked.workflow_state,
        by=by,
        note=to_user.display_name,
        fields=["assignee"],
        now=now,
        recipients=[to_user],
        text=push.describe(locked, WorkflowAction.ASSIGNED),
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def remind(
    warning: Warning, *, by: User | None, note: str = "", now: datetime.datetime | None = None
) -> Warning:
    """催办: remind the responsible people (by a legal officer, or the sweep)."""
    _require(by, "verify_rectification")
    now = now or timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.REMINDED, {S.NOTIFIED, S.ACKNOWLEDGED})
    record(
        locked,
        action=WorkflowAction.REMINDED,
        from_state=locked.workflow_state,
        by=by,
        note=note,
        fields=[],
        now=now,
        recipients=push.responsible(locked),
        text=push.describe(locked, WorkflowAction.REMINDED, note=note),
    )
    _sync(warning, locked)
    return warning


def validate_files(files) -> list:
    files = list(files or ())
    if len(files) > MAX_ATTACHMENTS:
        raise InputError(_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")
        ext = os.path.splitext(name)[1].lower()
        if ext not in ALLOWED_EXTENSIONS:
            raise InputError(
                _("“%(name)s”: only PDF, JPEG, PNG, text, Word and Excel files can be attached.")
                % {"name": name}
            )
        content_type = (getattr(f, "content_type", "") or "").split(";")[0].strip().lower()
        if content_type not in GENERIC_TYPES and content_type not in ALLOWED_EXTENSIONS[ext]:
            raise InputError(
                _("“%(name)s” says it is %(type)s, which does not match its extension.")
                % {"name": name, "type": content_type}
            )
        if f.size > MAX_ATTACHMENT_BYTES:
            raise InputError(_("“%(name)s” is larger than 10 MB.") % {"name": name})
        if f.size == 0:
            raise InputError(_("“%(name)s” is empty.") % {"name": name})
    return files


@transaction.atomic
def submit_rectification(warning: Warning, *, by: User, text: str, files=()) -> Warning:
    """acknowledged → submitted: what was done, with attachments, for a legal officer to verify."""
    _require(by, "answer_warnings")
    text = (text or "").strip()
    if not text:
        raise InputError(_("Describe what was done to rectify the problem."))
    files = validate_files(files)
    now = timezone.now()
    locked = _lock(warning)
    if locked.kind != ItemKind.PROBLEM:
        raise TransitionError(_("A reminder needs no rectification: acknowledge it."))
    _check(locked, WorkflowAction.SUBMITTED, {S.ACKNOWLEDGED})
    locked.workflow_state = S.SUBMITTED
    locked.next_action_at = None  # the ball is with the legal officer now
    event = record(
        locked,
        action=WorkflowAction.SUBMITTED,
        from_state=S.ACKNOWLEDGED,
        by=by,
        note=text,
        fields=["workflow_state", "next_action_at"],
        now=now,
        recipients=push.supervisors(locked.unit),
        text=push.describe(locked, WorkflowAction.SUBMITTED),
    )
    for f in files:
        attachment = RectificationAttachment(
            warning=locked,
            event=event,
            name=os.path.basename(f.name)[:200],
            size=f.size,
            content_type=(getattr(f, "content_type", "") or "application/octet-stream")[:100],
            uploaded_by=by,
            uploaded_at=now,
        )
        attachment.file.save(f"{uuid.uuid4().hex}{os.path.splitext(f.name)[1].lower()}", f, save=False)
        attachment.save()
    _sync(warning, locked)
    return warning


@transaction.atomic
def verify(warning: Warning, *, by: User, note: str = "") -> Warning:
    """submitted → verified: a legal officer checked the rectification."""
    _require(by, "verify_rectification")
    now = timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.VERIFIED, {S.SUBMITTED})
    locked.workflow_state = S.VERIFIED
    record(
        locked,
        action=WorkflowAction.VERIFIED,
        from_state=S.SUBMITTED,
        by=by,
        note=note,
        fields=["workflow_state"],
        now=now,
        recipients=push.responsible(locked),
        text=push.describe(locked, WorkflowAction.VERIFIED),
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def reject(warning: Warning, *, by: User, reason: str) -> Warning:
    """submitted → acknowledged: the rectification is not enough; the reason goes back."""
    _require(by, "verify_rectification")
    reason = (reason or "").strip()
    if not reason:
        raise InputError(_("Give the reason the rectification is rejected."))
    now = timezone.now()
    locked = _lock(warning)
    _check(locked, WorkflowAction.REJECTED, {S.SUBMITTED})
    locked.workflow_state = S.ACKNOWLEDGED
    # Back in the station's hands: the sweep resumes reminders and escalation at once.
    locked.next_action_at = now
    record(
        locked,
        action=WorkflowAction.REJECTED,
        from_state=S.SUBMITTED,
        by=by,
        note=reason,
        fields=["workflow_state", "next_action_at"],
        now=now,
        recipients=push.responsible(locked),
        text=push.describe(locked, WorkflowAction.REJECTED, note=reason),
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def close_out(warning: Warning, *, by: User, note: str = "") -> Warning:
    """销号: a verified problem, or an acknowledged reminder, is closed."""
    _require(by, "verify_rectification")
    now = timezone.now()
    locked = _lock(warning)
    if locked.kind == ItemKind.PROBLEM:
        _check(locked, WorkflowAction.CLOSED, {S.VERIFIED})
    else:
        _check(locked, WorkflowAction.CLOSED, {S.NEW, S.NOTIFIED, S.ACKNOWLEDGED})
    before = locked.workflow_state
    locked.workflow_state = S.CLOSED
    locked.closed_at, locked.closed_by = now, by
    locked.next_action_at = None
    fields = ["workflow_state", "closed_at", "closed_by", "next_action_at"]
    if locked.source != WarningSource.PATROL and locked.cleared_at is None:
        # A finding by people has no patrol to clear it: closing it out ends its condition.
        locked.cleared_at, locked.clear_reason = now, ClearReason.CONDITION_CLEARED
        fields += ["cleared_at", "clear_reason"]
    record(
        locked,
        action=WorkflowAction.CLOSED,
        from_state=before,
        by=by,
        note=note,
        fields=fields,
        now=now,
        recipients=push.responsible(locked),
        text=push.describe(locked, WorkflowAction.CLOSED),
    )
    _sync(warning, locked)
    return warning


@transaction.atomic
def open_problem(
    *,
    unit: Unit,
    source: str,
    title: str,
    case=None,
    officer=None,
    element_type: str = "",
    element_id: int | None = None,
    element_label: str = "",
    by: User | None = None,
    department: str = Department.LEGAL,
    detail: dict | None = None,
    level: str = Level.YELLOW,
    fingerprint: str = "",
) -> Warning:
    """A problem found by people (spot-check, petition back-check, manual finding).

    Level yellow by default: the level of a finding only sets its rectification deadline
    (5 days by the default policy); a caller may pass red for a serious one. The sweep
    notifies it on its next pass (``next_action_at = now``).
    """
    if source == WarningSource.PATROL:
        raise TransitionError(_("Patrol warnings are raised by the patrol."))
    title = (title or "").strip()
    if not title:
        raise TransitionError(_("Say what the problem is."))
    now = timezone.now()
    warning = Warning.objects.create(
        source=source,
        # A caller with a stable identity (a recorded finding) passes its own fingerprint.
        fingerprint=(fingerprint or f"{source}:{uuid.uuid4().hex}")[:128],
        element_type=element_type,
        element_id=element_id,
        element_label=(element_label or title)[:200],
        unit=unit,
        officer=officer,
        case=case,
        level=level,
        peak_level=level,
        detail={"title": title, **(detail or {})},
        raised_at=now,
        level_changed_at=now,
        kind=ItemKind.PROBLEM,
        workflow_state=S.NEW,
        department=department,
        next_action_at=now,
        created_at=now,
        updated_at=now,
    )
    from .exemptions import matcher

    if matcher().matches(warning):
        warning.exempted = True
        warning.next_action_at = None
        warning.save(update_fields=["exempted", "next_action_at"])
    record(
        warning,
        action=WorkflowAction.OPENED,
        from_state="",
        by=by,
        note=title,
        fields=[],
        now=now,
    )
    return warning


__all__ = [
    "TransitionError",
    "acknowledge",
    "assign",
    "close_out",
    "notify",
    "open_problem",
    "policy",
    "reject",
    "remind",
    "submit_rectification",
    "verify",
]


# ---------------------------------------------------------------------------------------
# Escalation (the sweep's moves; not in the contract because only the sweep makes them)


def step_time(warning: Warning, step: int, pol: RectificationPolicy) -> datetime.datetime:
    """When escalation step ``step`` falls due, counted from the rectification deadline."""
    offset = {1: 0, 2: pol.step2_after_days, 3: pol.step3_after_days}[step]
    return warning.rectify_due_at + datetime.timedelta(days=offset)


def next_action(
    warning: Warning, *, now: datetime.datetime, pol: RectificationPolicy
) -> datetime.datetime | None:
    """When the sweep must look at the item again: the next reminder, or the next
    escalation step if that comes first; never in the past (one move per item per sweep)."""
    if warning.workflow_state not in (S.NOTIFIED, S.ACKNOWLEDGED) or warning.exempted:
        return None
    if warning.kind != ItemKind.PROBLEM and warning.workflow_state == S.ACKNOWLEDGED:
        return None
    candidates = [now + datetime.timedelta(hours=pol.reminder_interval_hours)]
    if warning.kind == ItemKind.PROBLEM and warning.rectify_due_at is not None:
        if warning.rectify_due_at > now:
            candidates.append(warning.rectify_due_at)
        elif warning.escalation_step < 3:
            candidates.append(step_time(warning, warning.escalation_step + 1, pol))
    return max(min(candidates), now + datetime.timedelta(seconds=1))


def escalate(warning: Warning, *, now: datetime.datetime, pol: RectificationPolicy) -> Warning:
    """One escalation step of an overdue problem (the caller holds the row lock):
    1 reminder to the station chief; 2 listed to the branch (挂牌通报); 3 summons talk and
    written notice (约谈提醒·抄告) drawn up for the leader to sign."""
    from . import documents

    step = warning.escalation_step + 1
    warning.escalation_step = step
    warning.next_action_at = next_action(warning, now=now, pol=pol)
    recipients = push.responsible(warning)
    if step >= 2:
        recipients += push.branch_people(warning.unit)
    record(
        warning,
        action=WorkflowAction.ESCALATED,
        from_state=warning.workflow_state,
        by=None,
        note=str(ESCALATION_STEPS[step]),
        fields=["escalation_step", "next_action_at"],
        now=now,
        recipients=recipients,
        text=push.describe(warning, WorkflowAction.ESCALATED, step=step),
    )
    if step == 3:
        documents.summons_create(warning, now=now)
    return warning


def become_problem(warning: Warning, *, now: datetime.datetime, pol: RectificationPolicy) -> Warning:
    """A reminder the patrol turned red is now a problem: it gets its deadline (caller locks)."""
    warning.rectify_due_at = now + datetime.timedelta(days=pol.days_for(warning.level))
    warning.next_action_at = next_action(warning, now=now, pol=pol)
    record(
        warning,
        action=WorkflowAction.BECAME_PROBLEM,
        from_state=warning.workflow_state,
        by=None,
        fields=["rectify_due_at", "next_action_at"],
        now=now,
        recipients=push.responsible(warning),
        text=push.describe(warning, WorkflowAction.BECAME_PROBLEM),
    )
    return warning


@transaction.atomic
def policy_update(*, actor: User, **values) -> RectificationPolicy:
    """Legal affairs edits the deadlines and escalation steps; audited, effective at once
    for items notified from now on (deadlines already set are kept)."""
    _require(actor, "configure_rules")
    row = RectificationPolicy.objects.select_for_update().get(pk=policy().pk)
    names = [
        "red_days",
        "yellow_days",
        "blue_days",
        "reminder_interval_hours",
        "step2_after_days",
        "step3_after_days",
    ]
    changes = {n: [getattr(row, n), values[n]] for n in names if n in values and getattr(row, n) != values[n]}
    if not changes:
        return row
    if values.get("step3_after_days", row.step3_after_days) < values.get(
        "step2_after_days", row.step2_after_days
    ):
        raise TransitionError(_("The summons talk cannot come before the listing to the branch."))
    for name, (_old, new) in changes.items():
        setattr(row, name, new)
    row.updated_by, row.updated_at = actor, timezone.now()
    row.save()
    audit_record(actor=actor, action="rectification_policy.update", target=row, changes=changes)
    return row
