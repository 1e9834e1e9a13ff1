"""Printable documents: the written notice (抄告) and the monthly review pack, as PDF.

Rendered with WeasyPrint from HTML templates, always in Chinese (they go on paper to the
political-legal committee and the branch leader's meeting), typeset with Noto CJK.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import DisputeNotice


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("zh-hans"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def notice_context(notice: DisputeNotice) -> dict:
    from .selectors import dispute_parties

    dispute = notice.dispute
    assessment = dispute.assessments.select_related("scoring_model").first()
    return {
        "notice": notice,
        "dispute": dispute,
        "parties": list(dispute_parties(dispute)),
        "assessment": assessment,
        "visits": list(dispute.visits.order_by("visited_on")),
        "days_open": dispute.days_open(),
        "station": dispute.unit,
        "issued_on": timezone.localtime(notice.decided_at).date()
        if notice.decided_at
        else timezone.localdate(),
    }


def render_notice_pdf(notice: DisputeNotice) -> bytes:
    return _pdf("disputes/pdf/notice.html", notice_context(notice))


def render_review_pdf(pack: dict) -> bytes:
    return _pdf("disputes/pdf/review.html", {"pack": pack, "generated_at": timezone.localtime()})
