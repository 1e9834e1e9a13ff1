"""Exemptions (豁免): which warnings an approved exemption covers, decided in memory over
the few exemptions in force, so the patrol and the sweep stay set-based."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from supervision.models import Unit

from .choices import ExemptionStatus
from .models import Exemption


@dataclass(frozen=True)
class Rule:
    pk: int
    unit_path: str
    risk_point_id: int | None
    element_type: str
    element_id: int | None

    def covers(self, *, unit_path: str, risk_point_id, element_type: str, element_id) -> bool:
        if not unit_path.startswith(self.unit_path):
            return False
        if self.risk_point_id is not None and self.risk_point_id != risk_point_id:
            return False
        return self.element_id is None or (self.element_type, self.element_id) == (element_type, element_id)


def in_force(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return Exemption.objects.filter(status=ExemptionStatus.APPROVED).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


class Matcher:
    def __init__(self, today: datetime.date | None = None):
        rows = list(in_force(today).select_related("unit"))
        self.rules = [Rule(e.pk, e.unit.path, e.risk_point_id, e.element_type, e.element_id) for e in rows]
        self._paths: dict[int, str] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def unit_paths(self, unit_ids) -> None:
        missing = {u for u in unit_ids if u not in self._paths}
        if missing and self.rules:
            self._paths.update(Unit.objects.filter(pk__in=missing).values_list("pk", "path"))

    def covering(self, *, unit_id, risk_point_id, element_type, element_id) -> list[int]:
        if not self.rules:
            return []
        self.unit_paths([unit_id])
        path = self._paths.get(unit_id, "")
        return [
            r.pk
            for r in self.rules
            if r.covers(
                unit_path=path, risk_point_id=risk_point_id, element_type=element_type, element_id=element_id
            )
        ]

    def matches(self, warning) -> bool:
        return bool(
            self.covering(
                unit_id=warning.unit_id,
                risk_point_id=warning.risk_point_id,
                element_type=warning.element_type,
                element_id=warning.element_id,
            )
        )


def matcher(today: datetime.date | None = None) -> Matcher:
    return Matcher(today)


# ---------------------------------------------------------------------------------------
# Writes: request, decide, end — each audited; approval and end re-mark the warnings.


def _covered_open(exemption: Exemption):
    """The open items an exemption covers (set-based)."""
    from .choices import OPEN_WORKFLOW_STATES
    from .models import Warning

    qs = Warning.objects.in_unit_subtree(exemption.unit).filter(workflow_state__in=OPEN_WORKFLOW_STATES)
    if exemption.risk_point_id:
        qs = qs.filter(risk_point_id=exemption.risk_point_id)
    if exemption.element_id is not None:
        qs = qs.filter(element_type=exemption.element_type, element_id=exemption.element_id)
    return qs


def _history(ids, *, action: str, actor, now, note: str = "") -> None:
    from .models import Warning, WorkflowEvent

    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(
                warning_id=pk,
                action=action,
                from_state=state,
                to_state=state,
                actor=actor,
                note=note,
                occurred_at=now,
            )
            for pk, state in Warning.objects.filter(pk__in=ids).values_list("pk", "workflow_state")
        ]
    )


def exemption_request(
    *,
    actor,
    unit,
    reason: str,
    risk_point=None,
    element_type: str = "",
    element_id: int | None = None,
    warning=None,
    ends_on: datetime.date | None = None,
    until_clears: bool = False,
) -> Exemption:
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from django.utils.translation import gettext as _

    from supervision.roles import has_capability
    from supervision.services import audit_record

    from .workflow import TransitionError

    if not has_capability(actor, "manage_exemptions"):
        raise PermissionDenied
    if not Unit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise TransitionError(_("That unit is outside your scope."))
    if risk_point is None and element_id is None:
        raise TransitionError(_("Exempt a risk point or one element, not a whole unit."))
    if bool(ends_on) == bool(until_clears):
        raise TransitionError(_("Give the exemption an end: a date, or until the condition clears."))
    if ends_on and ends_on < timezone.localdate():
        raise TransitionError(_("The end date is in the past."))
    if not (reason or "").strip():
        raise TransitionError(_("Give the reason for the exemption."))
    with transaction.atomic():
        exemption = Exemption.objects.create(
            unit=unit,
            risk_point=risk_point,
            element_type=element_type if element_id is not None else "",
            element_id=element_id,
            warning=warning,
            reason=reason.strip(),
            ends_on=ends_on,
            until_clears=until_clears,
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            action="exemption.request",
            target=exemption,
            changes={"status": [None, exemption.status]},
            note=exemption.reason[:200],
        )
    return exemption


def exemption_decide(*, actor, exemption: Exemption, approve: bool, note: str = "") -> Exemption:
    """Approve (the covered open items are marked exempted and stop sending) or refuse."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from django.utils.translation import gettext as _

    from supervision.roles import has_capability
    from supervision.services import audit_record

    from .choices import WorkflowAction
    from .workflow import TransitionError

    if not has_capability(actor, "approve_exemptions"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Exemption.objects.select_for_update().get(pk=exemption.pk)
        if locked.status != ExemptionStatus.REQUESTED:
            raise TransitionError(_("This exemption has already been decided."))
        if approve and locked.requested_by_id == actor.pk:
            raise TransitionError(_("An exemption is approved by someone other than who asked for it."))
        now = timezone.now()
        locked.status = ExemptionStatus.APPROVED if approve else ExemptionStatus.REJECTED
        locked.approved_by, locked.approved_at, locked.decision_note = actor, now, note[:200]
        locked.save()
        marked = 0
        if approve:
            ids = list(_covered_open(locked).filter(exempted=False).values_list("pk", flat=True))
            from .models import Warning

            marked = Warning.objects.filter(pk__in=ids).update(
                exempted=True, next_action_at=None, updated_at=now
            )
            _history(ids, action=WorkflowAction.EXEMPTED, actor=actor, now=now, note=locked.reason[:200])
        audit_record(
            actor=actor,
            action="exemption.approve" if approve else "exemption.refuse",
            target=locked,
            changes={"status": [ExemptionStatus.REQUESTED, locked.status], "warnings_marked": [0, marked]},
            note=note[:200],
        )
    return locked


def exemption_end(*, actor, exemption: Exemption, now=None, note: str = "") -> Exemption:
    """End an exemption (by hand, at its date, or when its condition cleared): the items
    it covered and no other exemption covers send again from the next sweep."""
    from django.db import transaction

    from supervision.choices import AuditSource
    from supervision.services import audit_record

    from .choices import WorkflowAction
    from .models import Warning

    now = now or timezone.now()
    with transaction.atomic():
        locked = Exemption.objects.select_for_update().get(pk=exemption.pk)
        if locked.status != ExemptionStatus.APPROVED:
            return locked
        locked.status, locked.ended_at = ExemptionStatus.ENDED, now
        locked.save(update_fields=["status", "ended_at"])
        still = matcher(timezone.localtime(now).date())
        ids = [
            w.pk
            for w in _covered_open(locked)
            .filter(exempted=True)
            .only("pk", "unit_id", "risk_point_id", "element_type", "element_id")
            if not still.matches(w)
        ]
        Warning.objects.filter(pk__in=ids).update(
            exempted=False, next_action_at=now, updated_at=timezone.now()
        )
        _history(ids, action=WorkflowAction.UNEXEMPTED, actor=actor, now=now, note=note)
        audit_record(
            actor=actor,
            action="exemption.end",
            target=locked,
            changes={
                "status": [ExemptionStatus.APPROVED, ExemptionStatus.ENDED],
                "warnings_released": [0, len(ids)],
            },
            note=note,
            source=AuditSource.JOB if actor is None else None,
        )
    return locked


def expire(*, as_of: datetime.datetime) -> dict:
    """Run by the sweep: end exemptions past their date, and 'until clears' ones none of
    whose items is still open (the condition cleared)."""
    from .models import Warning

    today = timezone.localtime(as_of).date()
    ended = 0
    for exemption in Exemption.objects.filter(status=ExemptionStatus.APPROVED, ends_on__lt=today):
        exemption_end(actor=None, exemption=exemption, now=as_of, note="ends_on")
        ended += 1
    for exemption in Exemption.objects.filter(
        status=ExemptionStatus.APPROVED, until_clears=True
    ).select_related("unit"):
        qs = Warning.objects.in_unit_subtree(exemption.unit).filter(cleared_at__isnull=True)
        if exemption.risk_point_id:
            qs = qs.filter(risk_point_id=exemption.risk_point_id)
        if exemption.element_id is not None:
            qs = qs.filter(element_type=exemption.element_type, element_id=exemption.element_id)
        if exemption.warning_id:
            qs = qs.filter(pk=exemption.warning_id)
        if not qs.exists():
            exemption_end(actor=None, exemption=exemption, now=as_of, note="condition cleared")
            ended += 1
    return {"exemptions_ended": ended} if ended else {}
