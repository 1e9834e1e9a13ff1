from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._criminal import first_document, last_document, on_or_after, received_time, sent_time


@register
class ProcuratorateExplainLate(DeadlineRule):
    ref = "AJ06"
    code = "procuratorate_explain_late"
    name = _("Procuratorate's request to explain non-filing not answered in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 182 ¶1")), LegalBasis(CPL, _("Art. 113")))
    confidence = "P"
    description = _(
        "The procuratorate asked the police to explain why a case was not filed: a written explanation "
        "of the facts, grounds and reasons is due within 7 days of receiving the request. Filing the case "
        "instead (a copy of the filing decision goes to the procuratorate) also answers it. The start is "
        "the latest request received (its received time, else its date); the act is an explanation sent "
        "after it (served, else issued) or the case filed after it. Start day not counted; a period "
        "ending on a rest day or holiday rolls over to the next working day."
    )
    start_label = gettext_noop("request to explain non-filing received")
    limit = (7, PeriodUnit.DAYS)
    act_label = gettext_noop("written explanation or filing")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"),)
    thresholds = {"*": Band(blue="3d", yellow="1d")}

    def applies(self, ctx):
        requests = LegalDocument.objects.filter(
            kind=DocumentKind.PROCURATORATE_EXPLAIN_REQUEST, case=OuterRef("pk")
        )
        return Q(kind=CaseKind.CRIMINAL) & Q(Exists(requests))

    def start_expression(self, ctx):
        return last_document(
            DocumentKind.PROCURATORATE_EXPLAIN_REQUEST, received_time(), ctx.as_of, case=OuterRef("pk")
        )

    def act_expression(self, ctx):
        explanation = first_document(
            DocumentKind.NO_FILING_EXPLANATION,
            sent_time(),
            case=OuterRef("pk"),
            moment__gte=OuterRef("rule_start"),
        )
        return earliest(explanation, on_or_after("filed_at"))
