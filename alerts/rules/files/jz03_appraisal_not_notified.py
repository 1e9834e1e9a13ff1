from django.db.models import DateTimeField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, lead_officer


@register
class AppraisalNotNotified(DeadlineRule):
    ref = "JZ03"
    code = "appraisal_not_notified"
    name = _("Appraisal opinion not notified (criminal cases)")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CPL, _("Art. 148")), LegalBasis(CRIMINAL_RULES, _("Art. 252")))
    confidence = "U"
    description = _(
        "An appraisal opinion in a criminal case (taken as used as evidence) must be made known to the "
        "suspect and the victim: a notice of the appraisal opinion (鉴定意见通知书) served or issued in "
        "the case at or after the opinion was received. The law says 'promptly': 10 days from receipt "
        "(a parameter), yellow from day 5 — our design; a period ending on a rest day or holiday rolls "
        "over to the next working day. One notice in the case after the opinion counts; whether both "
        "the suspect and the victim got one is not checked. Administrative cases have their own 5-day "
        "rule (AJ31)."
    )
    start = Coalesce(F("received_at"), F("issued_at"))
    start_label = gettext_noop("appraisal opinion received")
    limit = (10, PeriodUnit.DAYS)
    act_label = gettext_noop("notice of the appraisal opinion")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((LegalDocument, "case__documents"),)
    thresholds = {"*": Band(blue="7d", yellow="5d")}
    params = {"days": Param(10, _("Days to notify the opinion"))}

    def applies(self, ctx):
        return Q(kind=DocumentKind.APPRAISAL_OPINION, case__kind=CaseKind.CRIMINAL)

    def limit_expression(self, ctx):
        return Value(ctx.param("days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        notices = (
            LegalDocument.objects.filter(case=OuterRef("case_id"), kind=DocumentKind.APPRAISAL_NOTICE)
            .annotate(told_at=Coalesce("served_at", "issued_at"))
            .filter(told_at__gte=Coalesce(OuterRef("received_at"), OuterRef("issued_at")))
            .order_by("told_at")
            .values("told_at")[:1]
        )
        return Subquery(notices, output_field=DateTimeField())
