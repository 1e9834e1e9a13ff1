"""Labels of the audit actions of the reports: bulletins, assessment, case reviews."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy


def actions() -> dict:
    return {
        "bulletin.generate": pgettext_lazy("audit action", "Bulletin drafted"),
        "bulletin.edit": pgettext_lazy("audit action", "Bulletin edited"),
        "bulletin.publish": pgettext_lazy("audit action", "Bulletin published"),
        "bulletin.acknowledge": pgettext_lazy("audit action", "Bulletin acknowledged"),
        "assessment.generate": pgettext_lazy("audit action", "Assessment scored"),
        "assessment.regenerate": pgettext_lazy("audit action", "Assessment scored again"),
        "assessment.publish": pgettext_lazy("audit action", "Assessment published"),
        "assessment_scheme.create": pgettext_lazy("audit action", "Assessment scheme saved"),
        "case_review.choose": pgettext_lazy("audit action", "Case chosen for review"),
        "case_review.record": pgettext_lazy("audit action", "Case review recorded"),
        "case_review.analysis": pgettext_lazy("audit action", "Case review analysis written"),
    }
