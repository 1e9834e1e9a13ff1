from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import diff, snapshot
from .models import AuditEvent, JobRun, Officer, Unit, User
from .services import audit_record

admin.site.site_header = _("Supervision platform administration")
admin.site.site_title = _("Supervision platform")


class AuditedScopedAdmin(admin.ModelAdmin):
    """Admin pages for staff: rows limited to the staff member's scope, every change audited."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'change' if change else 'create'}"
        audit_record(actor=request.user, action=action, target=obj, changes=diff(before, snapshot(obj)))

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            target=obj,
            changes=diff(snapshot(obj), {}),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Unit)
class UnitAdmin(AuditedScopedAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    readonly_fields = ["level", "path"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(AuditedScopedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit__level"]
    search_fields = ["username", "full_name", "unit__name"]
    autocomplete_fields = ["unit", "officer"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (pgettext_lazy("user details", "Person"), {"fields": ("full_name", "email", "phone", "officer")}),
        (_("Unit and role"), {"fields": ("unit", "role")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "unit", "role", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        # Never write the password hash into the trail.
        before = snapshot(User.objects.get(pk=obj.pk)) if change and obj.pk else {}
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        after = snapshot(obj)
        for secret in ("password",):
            before.pop(secret, None)
            after.pop(secret, None)
        audit_record(
            actor=request.user,
            action=f"user.{'change' if change else 'create'}",
            target=obj,
            changes=diff(before, after),
        )


@admin.register(Officer)
class OfficerAdmin(AuditedScopedAdmin):
    list_display = ["badge_no", "name", "unit", "is_auxiliary", "is_mid_level_leader", "is_active"]
    list_filter = ["is_auxiliary", "is_mid_level_leader", "is_active"]
    search_fields = ["badge_no", "name"]
    autocomplete_fields = ["unit"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_name", "source", "action", "target_repr", "unit"]
    list_filter = ["source"]
    search_fields = ["action", "actor_name", "target_repr", "target_id"]
    date_hierarchy = "occurred_at"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "period",
        "status",
        "started_at",
        "finished_at",
        "attempts",
        "progress_done",
        "progress_total",
    ]
    list_filter = ["kind", "status"]
