from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, IncidentCategory
from cases.models import Case, Incident

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ACCEPTANCE_OPINION, PRACTICE


@register
class CaseDowngraded(DetectionRule):
    ref = "JQ08"
    code = "case_downgraded"
    name = _("Criminal-type incident handled as an administrative case")
    element = ElementType.INCIDENT
    model = Incident
    basis = (
        LegalBasis(ACCEPTANCE_OPINION, _("accept and file truthfully")),
        LegalBasis(PRACTICE, _("Yunnan platform: 'criminal case downgraded' (orange)")),
    )
    confidence = "U"
    description = _(
        "An incident classified as criminal whose only case is administrative: a possible downgrade "
        "(降格处理). Red on detection (Yunnan shows it orange; we use three colours). Incidents "
        "classified as disputes or administrative are not judged here: the data does not say whether "
        "they had criminal features."
    )
    anchor = "received_at"
    anchor_label = gettext_noop("call received")
    defect_label = gettext_noop("criminal case")
    officer = "officer_id"
    case = None
    label = "number"
    related_changes = ((Case, "incident"),)

    def applies(self, ctx):
        return Q(category=IncidentCategory.CRIMINAL)

    def defect(self, ctx):
        cases = Case.objects.filter(incident=OuterRef("pk"))
        return Q(Exists(cases.filter(kind=CaseKind.ADMINISTRATIVE))) & ~Q(
            Exists(cases.filter(kind=CaseKind.CRIMINAL))
        )

    def routing(self):
        routing = super().routing()
        first_admin = (
            Case.objects.filter(incident=OuterRef("pk"), kind=CaseKind.ADMINISTRATIVE)
            .order_by()
            .values("incident")
            .annotate(first=Min("id"))
            .values("first")[:1]
        )
        routing["r_case_id"] = Subquery(first_admin)
        return routing
