"""Labels of the counts the dispute intake and follow-up sweep leave on their job runs."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from supervision.choices import JobKind
from supervision.job_counts import register_count_labels


def register() -> None:
    register_count_labels(
        JobKind.DISPUTE_INTAKE,
        {
            "created": pgettext_lazy("job count", "Dispute records created"),
            "parties": pgettext_lazy("job count", "Parties recorded"),
            "links": pgettext_lazy("job count", "Incidents linked"),
            "refreshed": pgettext_lazy("job count", "Records refreshed"),
        },
    )
    register_count_labels(
        JobKind.DISPUTE_SWEEP,
        {
            "raised": pgettext_lazy("job count", "Warnings raised"),
            "cleared": pgettext_lazy("job count", "Warnings cleared"),
            "open": pgettext_lazy("job count", "Warnings open"),
            "overdue": pgettext_lazy("job count", "Follow-ups overdue"),
        },
    )
