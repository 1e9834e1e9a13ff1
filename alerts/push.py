"""Push: who is told about an item, and how.

In-app notifications are written in the transaction of the move that causes them; e-mail
and webhooks are queued only after it commits (a rolled-back move sends nothing). An
exempted item keeps its history but sends nothing at all.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from supervision.choices import SUPERVISORY_KINDS, Role
from supervision.models import Unit, User
from supervision.roles import SUPERVISORS

from .choices import ItemKind, WorkflowAction
from .models import Notification, WebhookSubscription


def _ancestor_ids(unit: Unit) -> list[int]:
    """The unit and its ancestors, nearest first."""
    return [int(part) for part in unit.path.strip("/").split("/") if part][::-1]


def responsible(warning) -> list[User]:
    """The station chief(s) of the item's unit, its assignee and its responsible officer."""
    q = Q(role=Role.STATION_CHIEF, unit_id=warning.unit_id)
    if warning.assignee_id:
        q |= Q(pk=warning.assignee_id)
    if warning.officer_id:
        q |= Q(officer_id=warning.officer_id)
    return list(User.objects.filter(q, is_active=True))


def station_chiefs(unit: Unit) -> list[User]:
    return list(User.objects.filter(role=Role.STATION_CHIEF, unit=unit, is_active=True))


def nearest(unit: Unit, roles, *, above: bool = False) -> list[User]:
    """People holding ``roles`` whose scope is the nearest unit at or above ``unit`` that
    has any: a station's problems go to its branch's legal office, not to the whole city."""
    ids = _ancestor_ids(unit)
    if above:
        ids = ids[1:]
    if not ids:
        return []
    users = list(
        User.objects.filter(role__in=roles, is_active=True)
        .filter(Q(unit_id__in=ids) | Q(unit__parent_id__in=ids, unit__kind__in=SUPERVISORY_KINDS))
        .select_related("unit")
    )
    by_scope: dict[int, list[User]] = {}
    for user in users:
        scope = user.unit.parent_id if user.unit.kind in SUPERVISORY_KINDS else user.unit_id
        by_scope.setdefault(scope, []).append(user)
    for unit_id in ids:
        if unit_id in by_scope:
            return by_scope[unit_id]
    return []


def supervisors(unit: Unit) -> list[User]:
    """The legal officers who verify this unit's rectifications."""
    return nearest(unit, SUPERVISORS)


def branch_people(unit: Unit) -> list[User]:
    """Step 2 (listed to the branch): the legal office and leaders above the station."""
    return nearest(unit, SUPERVISORS, above=True) + nearest(unit, {Role.LEADER}, above=True)


def leaders(unit: Unit) -> list[User]:
    return nearest(unit, {Role.LEADER}, above=True)


def item_label(warning) -> str:
    rule = warning.risk_point.ref if warning.risk_point_id else warning.get_source_display()
    return f"{rule} {warning.element_label}".strip()


def describe(warning, action: str, *, note: str = "", step: int = 0) -> str:
    """One line for the bell and the e-mail subject."""
    kind = _("problem") if warning.kind == ItemKind.PROBLEM else _("reminder")
    texts = {
        WorkflowAction.NOTIFIED: _("New %(kind)s for %(unit)s: %(item)s"),
        WorkflowAction.ASSIGNED: _("Assigned to you: %(item)s"),
        WorkflowAction.REMINDED: _("Reminder: %(item)s still waits for you"),
        WorkflowAction.SUBMITTED: _("Rectification to verify: %(item)s (%(unit)s)"),
        WorkflowAction.VERIFIED: _("Rectification verified: %(item)s"),
        WorkflowAction.REJECTED: _("Rectification rejected: %(item)s"),
        WorkflowAction.CLOSED: _("Closed out: %(item)s"),
        WorkflowAction.BECAME_PROBLEM: _("Now a problem to rectify: %(item)s"),
        WorkflowAction.ESCALATED: _("Overdue, escalated to step %(step)d: %(item)s (%(unit)s)"),
    }
    text = texts.get(action, "%(item)s") % {
        "kind": kind,
        "unit": warning.unit.display_name,
        "item": item_label(warning),
        "step": step,
    }
    if warning.rectify_due_at and action in (WorkflowAction.NOTIFIED, WorkflowAction.BECAME_PROBLEM):
        from django.utils import timezone

        text += _("; rectify by %(due)s") % {
            "due": timezone.localtime(warning.rectify_due_at).strftime("%Y-%m-%d %H:%M")
        }
    if note:
        text += f" — {note}"
    return text[:300]


def on_event(event, *, warning, recipients, text: str) -> list[Notification]:
    """Notify ``recipients`` (not the actor) and queue the e-mail and webhook deliveries."""
    if warning.exempted:
        return []
    seen = {event.actor_id} if event.actor_id else set()
    rows = []
    for user in recipients:
        if user.pk in seen or not text:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user, warning=warning, kind=event.action, text=text, created_at=event.occurred_at
            )
        )
    Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    event_id = event.pk

    def queue():
        from . import tasks

        if ids:
            tasks.notification_emails.delay(ids)
        if WebhookSubscription.objects.filter(is_active=True).exists():
            tasks.webhook_fan_out.delay([event_id])

    transaction.on_commit(queue)
    return rows
