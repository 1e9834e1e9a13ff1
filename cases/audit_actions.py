"""Labels of the audit actions of the execution elements: ingestion, imports, exports."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from supervision.audit import entity_action_label
from supervision.audit_actions import admin_edit_labels


def actions() -> dict:
    from . import ingest
    from .models import FileRequirement

    labels = {
        "demo.seed": pgettext_lazy("audit action", "Demo data seeded"),
        "ingestion.upload": pgettext_lazy("audit action", "Import file uploaded"),
        "ingestion.preview": pgettext_lazy("audit action", "Import checked (preview)"),
        "ingestion.commit_requested": pgettext_lazy("audit action", "Import confirmed"),
        "ingestion.commit": pgettext_lazy("audit action", "Import written"),
        "ingestion.reject": pgettext_lazy("audit action", "Import refused"),
        # What a complete case file requires is edited in the admin, outside AuditedScopedAdmin.
        **admin_edit_labels(FileRequirement),
    }
    updated = pgettext_lazy("audit action", "updated by import")
    exported = pgettext_lazy("audit action", "exported")
    for spec in ingest.specs().values():
        meta = spec.model._meta
        labels[f"{meta.model_name}.update"] = entity_action_label(capfirst(meta.verbose_name), updated)
        labels[f"{meta.model_name}.export"] = entity_action_label(
            capfirst(meta.verbose_name_plural), exported
        )
    return labels
