"""Read-only admin pages: warnings, the risk-point configuration and the calendar are
changed through the platform's own pages, whose services audit every change."""

from django.contrib import admin

from .models import (
    CalendarYear,
    PatrolChunk,
    RiskPoint,
    Warning,
    WarningEvent,
    WebhookDelivery,
    WebhookSubscription,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedReadOnlyAdmin(ReadOnlyAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class WarningEventInline(admin.TabularInline):
    model = WarningEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "level_from", "level_to", "due_at", "occurred_at", "run", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Warning)
class WarningAdmin(ScopedReadOnlyAdmin):
    list_display = [
        "id",
        "risk_point",
        "element_type",
        "element_label",
        "unit",
        "level",
        "due_at",
        "cleared_at",
    ]
    list_filter = ["level", "source", "element_type", "workflow_state"]
    search_fields = ["fingerprint", "element_label"]
    list_select_related = ["risk_point", "unit"]
    inlines = [WarningEventInline]


@admin.register(RiskPoint)
class RiskPointAdmin(ReadOnlyAdmin):
    list_display = ["ref", "code", "element_type", "enabled", "updated_at", "updated_by"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "source", "holiday_count", "workday_count", "imported_by", "updated_at"]


@admin.register(PatrolChunk)
class PatrolChunkAdmin(ReadOnlyAdmin):
    list_display = ["run", "rule_code", "unit", "status", "attempts", "finished_at"]
    list_filter = ["status"]


# --- rectification workflow (flow)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Staff create and re-enable subscriptions here (re-enabling resets the failure count)."""

    list_display = ["name", "url", "unit", "is_active", "consecutive_failures", "disabled_at"]
    list_filter = ["is_active"]
    filter_horizontal = ["risk_points"]

    def save_model(self, request, obj, form, change):
        if obj.is_active and obj.disabled_at:
            obj.disabled_at, obj.consecutive_failures = None, 0
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["attempted_at", "subscription", "attempt", "status_code", "error", "succeeded"]
    list_filter = ["succeeded"]
