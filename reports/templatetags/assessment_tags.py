"""Formatting of assessment figures: rates as percentages, signed changes."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, is_rate=False):
    """A rate (0–1) as ``87.5%``; a count or density as a plain number; no figure as "—"."""
    if value is None:
        return "—"
    value = Decimal(value)
    if is_rate:
        return f"{(value * 100).quantize(Decimal('0.1'))}%"
    return (
        f"{value.normalize():f}"
        if value == value.to_integral_value()
        else f"{value.quantize(Decimal('0.01'))}"
    )


@register.filter
def signed(value):
    if value is None:
        return "—"
    value = Decimal(value)
    return f"+{value}" if value > 0 else f"{value}"


@register.filter
def grade_class(grade: str) -> str:
    return {"excellent": "text-bg-success", "pass": "text-bg-primary", "fail": "text-bg-danger"}.get(
        grade, ""
    )
