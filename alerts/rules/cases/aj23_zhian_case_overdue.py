import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AdminCaseType, CaseKind, ElementType, LimitClock
from cases.models import Case, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import (
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    earliest,
    lead_officer,
)


@register
class ZhianCaseOverdue(DeadlineRule):
    ref = "AJ23"
    code = "zhian_case_overdue"
    name = _("Public-order case not decided in time")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 99"), valid_to=datetime.date(2025, 12, 31)),
        LegalBasis(ADMIN_RULES, _("Art. 165 (appraisal not counted), Art. 185 (mediation)")),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("handling period (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
    )
    confidence = "P"
    description = _(
        "A public-order (治安) case with no decision (penalty, no penalty, transfer) 30 days after it "
        "was accepted, 60 days when an extension was approved by the next level up — an extension "
        "without approval moves nothing, so the case turns red at 30 days. Time spent on appraisal "
        "is not counted (recorded as a suspension of the handling clock); under mediation the period "
        "starts again from the day mediation failed (recorded as a restart). A period ending on a "
        "rest day or holiday rolls over to the next working day (the catalogue marks this reading "
        "as unconfirmed). For cases accepted from 2026-01-01 the revised law applies; whether it "
        "counts from filing rather than acceptance, or allows a further extension, is unconfirmed, so "
        "the same 30 + 30 days are used until the legal-affairs unit decides."
    )
    start = "accepted_at"
    start_label = gettext_noop("accepted")
    limit = (30, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.HANDLING, "case")
    act_label = gettext_noop("decision (penalty, no penalty or transfer)")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LimitChange, "case"),)
    thresholds = {"*": Band(blue="8d", yellow="4d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE, admin_type=AdminCaseType.PUBLIC_ORDER)

    def act_expression(self, ctx):
        return earliest("decided_at", "transferred_out_at")
