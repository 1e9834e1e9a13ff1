"""Labels of the audit actions of the disputes app; the record's timeline already titles
its events, so the trail shows the same words."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy


def actions() -> dict:
    from .timeline import ACTION_TITLES

    return {
        **ACTION_TITLES,
        "scoring_model.publish": pgettext_lazy("audit action", "Risk scoring model published"),
        "checklist_item.save": pgettext_lazy("audit action", "Dispute checklist question saved"),
    }
