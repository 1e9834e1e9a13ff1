"""Read-only admin views: every write to disputes goes through the services (and pages)."""

from django.contrib import admin

from .models import ChecklistItem, Dispute, DisputeNotice, RiskAssessment, ScoringModel


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["number", "unit", "status", "colour", "proposed_colour", "occurred_at", "next_visit_due"]
    list_filter = ["status", "colour", "dispute_type"]
    search_fields = ["summary", "location", "incident__number"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["dispute", "score", "proposed_colour", "colour", "assessed_by", "assessed_at"]


@admin.register(DisputeNotice)
class DisputeNoticeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "dispute", "status", "drafted_at", "decided_at", "delivered_on"]


@admin.register(ScoringModel)
class ScoringModelAdmin(ReadOnlyAdmin):
    list_display = ["version", "is_active", "note", "created_by", "created_at"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = ["kind", "order", "code", "text", "factor", "auto_fact", "is_active"]
