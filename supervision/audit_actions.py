"""Labels of the audit actions the core writes: edits made in the admin pages.

``AuditedScopedAdmin`` writes ``<model>.create|change|delete`` for every model it manages,
in whichever app; the codes are read off the admin registry so a newly registered model is
labelled without a new string.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from .audit import entity_action_label

ADMIN_VERBS = {
    "create": pgettext_lazy("audit action", "created"),
    "change": pgettext_lazy("audit action", "changed"),
    "delete": pgettext_lazy("audit action", "deleted"),
}


def admin_edit_labels(model) -> dict:
    """``<model>.create|change|delete`` labelled “<Model>: created” etc."""
    entity = capfirst(model._meta.verbose_name)
    return {
        f"{model._meta.model_name}.{verb}": entity_action_label(entity, label)
        for verb, label in ADMIN_VERBS.items()
    }


def actions() -> dict:
    from django.contrib import admin

    from .admin import AuditedScopedAdmin

    labels = {}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedScopedAdmin):
            labels.update(admin_edit_labels(model))
    return labels
