"""Labels of the counts the bulletin and assessment jobs leave on their job runs."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from supervision.choices import JobKind
from supervision.job_counts import register_count_labels


def register() -> None:
    register_count_labels(
        JobKind.WEEKLY_BULLETIN,
        {
            "created": pgettext_lazy("job count", "Bulletins drafted"),
            "existing": pgettext_lazy("job count", "Bulletins already there"),
        },
    )
    register_count_labels(
        JobKind.MONTHLY_ASSESSMENT,
        {
            "assessment": pgettext_lazy("job count", "Assessment no."),
            "created": pgettext_lazy("job count", "Newly scored"),
            "scores": pgettext_lazy("job count", "Units scored"),
        },
    )
