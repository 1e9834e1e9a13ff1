"""Admin for the execution elements. Elements arrive only through ingestion (API or file),
so here they are read-only; what a complete case file requires is configuration the
legal-affairs unit edits, audited like every other write."""

from django.contrib import admin

from supervision.admin import AuditedScopedAdmin
from supervision.audit import diff, snapshot
from supervision.services import audit_record

from . import models as m


@admin.register(m.FileRequirement)
class FileRequirementAdmin(admin.ModelAdmin):
    list_display = ["case_kind", "document_kind", "condition", "is_active"]
    list_filter = ["case_kind", "is_active"]
    list_editable = ["is_active"]

    def save_model(self, request, obj, form, change):
        before = snapshot(m.FileRequirement.objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        action = f"filerequirement.{'change' if change else 'create'}"
        audit_record(actor=request.user, action=action, target=obj, changes=diff(before, snapshot(obj)))

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user, action="filerequirement.delete", target=obj, changes=diff(snapshot(obj), {})
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyElementAdmin(AuditedScopedAdmin):
    """Elements as ingested, for looking up (scoped to the staff member's units)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Ingestion)
class IngestionAdmin(ReadOnlyElementAdmin):
    list_display = [
        "started_at",
        "element_type",
        "channel",
        "status",
        "actor",
        "received",
        "created",
        "updated",
    ]
    list_filter = ["channel", "status", "element_type"]


@admin.register(m.Venue)
class VenueAdmin(ReadOnlyElementAdmin):
    list_display = ["code", "name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(m.Case)
class CaseAdmin(ReadOnlyElementAdmin):
    list_display = ["number", "name", "kind", "cause", "status", "unit", "accepted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "external_id"]
    list_select_related = ["unit"]
