"""Labels of the counts the patrol and the escalation sweep leave on their job runs."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from supervision.choices import JobKind
from supervision.job_counts import register_count_labels


def register() -> None:
    # alerts.services._finish (the run's summary) and patrol_rule (one risk point's counts).
    register_count_labels(
        JobKind.PATROL,
        {
            "rules": pgettext_lazy("job count", "Risk points evaluated"),
            "new": pgettext_lazy("job count", "New warnings"),
            "escalated": pgettext_lazy("job count", "Level raised"),
            "de_escalated": pgettext_lazy("job count", "Level lowered"),
            "changed": pgettext_lazy("job count", "Details changed"),
            "resolved": pgettext_lazy("job count", "Cleared"),
            "late": pgettext_lazy("job count", "Done late (recorded, not raised)"),
            "open": pgettext_lazy("job count", "Open after the run"),
            "unchanged": pgettext_lazy("job count", "Unchanged"),
            "failed_rules": pgettext_lazy("job count", "Risk points failed"),
            "reused_rules": pgettext_lazy("job count", "Risk points unchanged since last run"),
            "by_rule": pgettext_lazy("job count", "By risk point"),
            "errors": pgettext_lazy("job count", "Errors"),
        },
    )
    # alerts.sweep: one count per outcome of ``_act``, plus exemptions ended.
    register_count_labels(
        JobKind.SWEEP,
        {
            "notified": pgettext_lazy("job count", "Notified"),
            "reminded": pgettext_lazy("job count", "Reminded"),
            "escalated": pgettext_lazy("job count", "Escalated"),
            "became_problem": pgettext_lazy("job count", "Became problems"),
            "idle": pgettext_lazy("job count", "Nothing to do"),
            "exemptions_ended": pgettext_lazy("job count", "Exemptions ended"),
            "errors": pgettext_lazy("job count", "Errors"),
        },
    )
