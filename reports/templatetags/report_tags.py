"""A figure that links to the items behind it, where the page has such a link."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def linked(value, url=""):
    """``value`` as a link to ``url``; a plain number where there is no link (the PDF) or
    nothing behind it (a zero)."""
    if not url or not value:
        return value
    return format_html('<a href="{}" class="figure-link">{}</a>', url, value)


@register.filter
def at(sequence, index):
    """``sequence[index]``, or "" when there is no such item (a table without links)."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return ""
