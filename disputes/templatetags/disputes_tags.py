"""Small display helpers for dispute pages and documents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..choices import Consequence, DisputeType, Factor, RiskColour

register = template.Library()

COLOUR_CLASS = {RiskColour.RED: "badge-red", RiskColour.YELLOW: "badge-yellow", RiskColour.BLUE: "badge-blue"}


@register.simple_tag
def colour_badge(colour: str, label: str = ""):
    """A red / yellow / blue badge; grey "not assessed" when empty."""
    if not colour:
        return format_html('<span class="badge text-bg-secondary">{}</span>', label or _("Not assessed"))
    return format_html(
        '<span class="badge {}" data-colour="{}">{}</span>',
        COLOUR_CLASS.get(colour, "text-bg-secondary"),
        colour,
        label or RiskColour(colour).label,
    )


@register.filter
def colour_label(colour: str) -> str:
    try:
        return str(RiskColour(colour).label)
    except ValueError:
        return _("Not assessed")


@register.filter
def type_label(value: str) -> str:
    try:
        return str(DisputeType(value).label)
    except ValueError:
        return _("Not classified")


@register.filter
def consequence_label(value: str) -> str:
    try:
        return str(Consequence(value).label)
    except ValueError:
        return value or "—"


@register.filter
def factor_rows(factors: list) -> list[dict]:
    """An assessment's stored factors as readable rows: label, value, points."""
    rows = []
    for factor in factors or []:
        code, value = factor.get("code"), factor.get("value")
        try:
            label = str(Factor(code).label)
        except ValueError:
            label = code
        if code == Factor.DISPUTE_TYPE:
            shown = type_label(value)
        elif code == Factor.CONSEQUENCE:
            try:
                shown = str(Consequence(value).label)
            except ValueError:
                shown = value
        elif code == Factor.THREAT and isinstance(value, list):
            shown = "、".join(str(Factor(v).label) for v in value if v in Factor.values)
        elif value is True:
            shown = _("yes")
        else:
            shown = value
        rows.append({"code": code, "label": label, "value": shown, "points": factor.get("points", 0)})
    return rows


@register.filter
def hard_trigger_labels(codes: list) -> str:
    return "、".join(str(Factor(c).label) for c in codes or [] if c in Factor.values)


@register.filter
def signed(value: int) -> str:
    """+3 / −2 / 0 for changes on last month."""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def sentence(text: str) -> str:
    """End a free-text sentence with a full stop when it has none (for documents)."""
    text = (text or "").strip()
    if text and text[-1] not in "。！？.!?；;":
        text += "。"
    return text
