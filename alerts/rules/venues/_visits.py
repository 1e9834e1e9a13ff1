"""What the handling-area risk points (CS01–CS08) share. Not a risk point (no ``@register``)."""

from __future__ import annotations

from django.db.models import BigIntegerField, F
from django.db.models.functions import Coalesce

from ..common import lead_officer


def visit_officer():
    """The lead officer of the visit's case, else the officer who did the entry checks."""
    return Coalesce(lead_officer("case_id"), F("checked_by_id"), output_field=BigIntegerField())
