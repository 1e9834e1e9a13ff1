"""Overdue follow-ups as warnings of the platform's one warning machinery (``alerts``).

One warning per overdue dispute (source ``dispute``), raised by the daily sweep and
cleared as soon as the visit is recorded or the dispute is resolved. The overdue set
itself is ``services.dispute_overdue_followups`` (set-based); this module only hands it
to ``alerts``.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .models import Dispute


def sync(*, disputes: QuerySet[Dispute] | None, today: datetime.date) -> dict:
    """Raise warnings for the overdue disputes among ``disputes`` (all when ``None``) and
    clear them for the others. Returns ``{"raised", "cleared", "open"}`` counts.

    Until the warning model lands on ``main`` there is nothing to write to: the overdue
    set is still computed (and shown on the triage list and the overview), and this
    returns zeros for raised and cleared.
    """
    from .services import dispute_overdue_followups

    overdue = dispute_overdue_followups(today=today)
    if disputes is not None:
        overdue = overdue.filter(pk__in=disputes.values("pk"))
    return {"raised": 0, "cleared": 0, "open": overdue.count()}
