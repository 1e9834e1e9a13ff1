"""Overdue follow-ups as warnings of the platform's one warning machinery (``alerts``).

One warning per overdue dispute (source ``dispute``), raised by the daily sweep and
cleared as soon as the visit is recorded or the dispute is resolved. The overdue set
itself is ``services.dispute_overdue_followups`` (set-based); ``desired`` turns it into
the rows the warning table should hold; ``sync`` hands them to ``alerts``.

The seam with ``alerts`` (wired to ``alerts.services.warning_source_sync``):

* ``fingerprint`` ``dispute:followup:<dispute id>`` — one open warning per overdue dispute;
* ``level`` red (the visit's due date has passed: breached), ``due_at`` the end of the due
  day (Asia/Shanghai; calendar days — a dispute does not wait for a working day);
* ``unit`` the dispute's station, ``officer`` its community officer, ``element`` the
  incident behind it when there is one (a dispute opened by hand has none: alerts needs
  an element type for disputes, or a nullable element, to hold those);
* every open dispute-follow-up warning whose fingerprint is not in ``desired`` (for the
  disputes synced) is cleared: the visit was recorded, or the dispute resolved.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Dispute

SOURCE = "dispute"


def fingerprint(dispute_id: int) -> str:
    return f"dispute:followup:{dispute_id}"


def desired(*, disputes: QuerySet[Dispute] | None = None, today: datetime.date) -> list[dict]:
    """The warnings that should be open now, one per overdue dispute (among ``disputes``)."""
    from .services import dispute_overdue_followups

    overdue = dispute_overdue_followups(today=today)
    if disputes is not None:
        overdue = overdue.filter(pk__in=disputes.values("pk"))
    tz = timezone.get_current_timezone()
    rows = []
    for d in overdue.select_related("incident").order_by("pk"):
        due_at = datetime.datetime.combine(d.next_visit_due, datetime.time.max, tzinfo=tz)
        rows.append(
            {
                "source": SOURCE,
                "fingerprint": fingerprint(d.pk),
                "level": "red",
                "due_at": due_at,
                "unit_id": d.unit_id,
                "officer_id": d.community_officer_id,
                "element_type": "incident" if d.incident_id else "",
                "element_id": d.incident_id,
                "element_label": f"{d.number} {d.summary[:60]}",
                "detail": {
                    "dispute": d.pk,
                    "colour": d.colour,
                    "next_visit_due": d.next_visit_due.isoformat(),
                    "days_overdue": (today - d.next_visit_due).days,
                },
            }
        )
    return rows


def sync(*, disputes: QuerySet[Dispute] | None, today: datetime.date) -> dict:
    """Raise warnings for the overdue disputes among ``disputes`` (all when ``None``) and
    clear them for the others. Returns ``{"raised", "cleared", "open"}`` counts.

    The upsert by fingerprint (compare before writing, history of every change) is the
    alerts service ``warning_source_sync``; its scope is the follow-up warnings of the
    disputes synced, so a sync of one dispute never clears another's.
    """
    from alerts.services import warning_source_sync

    rows = desired(disputes=disputes, today=today)
    if disputes is None:
        scope = Q(fingerprint__startswith="dispute:followup:")
    else:
        scope = Q(fingerprint__in=[fingerprint(pk) for pk in disputes.values_list("pk", flat=True)])
    counts = warning_source_sync(source=SOURCE, desired=rows, scope=scope)
    return {"raised": counts["new"], "cleared": counts["resolved"], "open": len(rows)}
