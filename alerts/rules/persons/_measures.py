"""What the measure-period risk points (RY16–RY18, RY21) share: when a measure was lifted,
changed or overtaken by the transfer for prosecution. Not a risk point (no ``@register``)."""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery

from cases.choices import DocumentKind
from cases.models import LegalDocument

from ...deadlines import MonthEnd
from ..base import Param
from ..common import earliest


def _first_document(kind: str, **link):
    return Subquery(
        LegalDocument.objects.filter(kind=kind, issued_at__isnull=False, **link)
        .order_by("issued_at")
        .values("issued_at")[:1]
    )


def prosecution_transfer():
    """When the measure's case went to the procuratorate (the case date or the transfer document)."""
    return earliest(
        F("case__transferred_for_prosecution_at"),
        _first_document(DocumentKind.PROSECUTION_TRANSFER, case=OuterRef("case_id")),
    )


def measure_lifted():
    """When the measure ended: its end, a release or lifting document, or a decision changing it."""
    return earliest(
        "ended_at",
        _first_document(DocumentKind.MEASURE_RELEASE, measure=OuterRef("pk")),
        _first_document(DocumentKind.MEASURE_CHANGE_DECISION, measure=OuterRef("pk")),
    )


def month_end_param() -> Param:
    from django.utils.translation import gettext_lazy as _

    return Param(
        MonthEnd.CLAMP,
        _("Month end"),
        kind="choice",
        choices=(
            (MonthEnd.CLAMP, _("last day of the month")),
            (MonthEnd.NEXT_DAY, _("first day of the next month")),
        ),
    )
