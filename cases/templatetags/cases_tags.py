"""Rendering helpers for the element pages: one cell of a column, a sortable header."""

from __future__ import annotations

import datetime
import decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CLASSES = {"committed": "success", "previewed": "info", "rejected": "danger", "running": "secondary"}


def _format(column, value):
    if column.fmt == "badges":
        return format_html_join(
            " ", '<span class="badge text-bg-warning">{}</span>', ((v,) for v in value or ())
        )
    if column.fmt == "defects":
        if not value:
            return format_html('<span class="text-success small">{}</span>', _("complete"))
        return format_html_join(" ", '<span class="badge text-bg-danger">{}</span>', ((v,) for v in value))
    if value is None or value == "":
        return mark_safe('<span class="text-muted">—</span>')
    if column.fmt == "bool" or isinstance(value, bool):
        return (
            format_html('<i class="bi bi-check-lg text-success" title="{}"></i>', _("yes")) if value else "—"
        )
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if column.fmt == "money" and isinstance(value, decimal.Decimal):
        return f"¥{value:,.2f}"
    if column.fmt == "checks":
        css = "text-success" if value == "5/5" else "text-danger fw-semibold"
        return format_html('<span class="{}">{}</span>', css, value)
    if column.fmt == "status":
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_CLASSES.get(value, "secondary"), value
        )
    return value


@register.simple_tag(takes_context=True)
def cell(context, column, obj, detail_route=""):
    request = context.get("request")
    value = column.value(obj, request.user if request else None)
    if column.fmt == "status":
        raw = obj.status
        rendered = format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATUS_CLASSES.get(raw, "secondary"),
            obj.get_status_display(),
        )
    else:
        rendered = _format(column, value)
    if column.link and detail_route:
        return format_html('<a href="{}">{}</a>', reverse(detail_route, args=[obj.pk]), rendered)
    return rendered


@register.simple_tag(takes_context=True)
def sort_header(context, column):
    """A column header that sorts by it (and reverses on a second click)."""
    if not column.sort:
        return column.label
    current = context.get("current_sort", "")
    query = context.get("querystring_nosort", "")
    descending = current == column.sort
    target = f"-{column.sort}" if descending else column.sort
    icon = ""
    if current.lstrip("-") == column.sort:
        icon = format_html(
            ' <i class="bi bi-caret-{}-fill small"></i>', "up" if current == column.sort else "down"
        )
    prefix = f"?{query}&" if query else "?"
    return format_html('<a class="text-reset" href="{}sort={}">{}{}</a>', prefix, target, column.label, icon)


@register.filter
def local(value, fmt="%Y-%m-%d %H:%M"):
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(fmt)
    return value


@register.filter
def element_label(code: str) -> str:
    from ..tables import element_type_label

    return element_type_label(code)
