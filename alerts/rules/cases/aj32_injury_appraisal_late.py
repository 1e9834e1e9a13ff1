from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, DocumentKind, ElementType, PersonRole
from cases.models import Case, CaseEvent, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import ADMIN_RULES, INJURY_CASE_RULES, document_time, earliest, lead_officer


@register
class InjuryAppraisalLate(DeadlineRule):
    ref = "AJ32"
    code = "injury_appraisal_late"
    name = _("Injury appraisal not commissioned within 24 hours")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(INJURY_CASE_RULES, _("Art. 18–19")), LegalBasis(ADMIN_RULES, _("Art. 90–91")))
    confidence = "S"
    description = _(
        "Candidate addition to the catalogue (secondary source). In an injury case the handling unit "
        "must issue the injury appraisal commission (伤情鉴定委托书) within 24 hours of accepting the "
        "case and tell the victim where to be examined; counted from the recorded minute of "
        "acceptance. An injury case is a case whose cause mentions injury (伤害: intentional injury, "
        "criminal or public-order) and that has a victim; cases of beating (殴打他人) count too when "
        "the parameter says so (off by default: a beating needs an appraisal only when the injury may "
        "be minor or worse, the victim asks for it or the parties dispute it). The act is an "
        "appraisal commission document or an 'appraisal commissioned' event of the case. A victim "
        "refusing the appraisal is not in the data: record it as the commission's reason or switch "
        "the case off by hand."
    )
    start = "accepted_at"
    start_label = gettext_noop("injury case accepted")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("injury appraisal commission")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"), (CaseEvent, "case"), (Person, "case"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}
    params = {"include_beating": Param(False, _("Watch beating (殴打他人) cases too"), kind="bool")}

    def applies(self, ctx):
        injury = Q(cause__contains="伤害")
        if ctx.param("include_beating"):
            injury |= Q(cause__contains="殴打")
        victims = Person.objects.filter(role=PersonRole.VICTIM, case__isnull=False).values("case_id")
        return injury & Q(pk__in=victims)

    def act_expression(self, ctx):
        event = (
            CaseEvent.objects.filter(case=OuterRef("pk"), kind=CaseEventKind.APPRAISAL_COMMISSIONED)
            .order_by("occurred_at")
            .values("occurred_at")[:1]
        )
        return earliest(
            document_time(kind=DocumentKind.APPRAISAL_COMMISSION, case=OuterRef("pk")), Subquery(event)
        )
