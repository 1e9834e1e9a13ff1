from django.contrib import admin

from .models import ReviewChecklistItem


@admin.register(ReviewChecklistItem)
class ReviewChecklistItemAdmin(admin.ModelAdmin):
    """The per-case review checklist is kept here by the legal-affairs unit; reviews keep
    a copy of the items they were scored against."""

    list_display = ("number", "text", "max_score", "is_active")
    list_editable = ("max_score", "is_active")
    ordering = ("number",)
