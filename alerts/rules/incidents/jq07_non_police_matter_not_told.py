from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, IncidentCategory, Jurisdiction
from cases.models import Incident, LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ADMIN_RULES, CRIMINAL_RULES


@register
class NonPoliceMatterNotTold(DetectionRule):
    ref = "JQ07"
    code = "non_police_matter_not_told"
    name = _("Reporter of a non-police matter not told where to go")
    element = ElementType.INCIDENT
    model = Incident
    basis = (LegalBasis(ADMIN_RULES, _("Art. 61(3)")), LegalBasis(CRIMINAL_RULES, _("Art. 175 ¶2")))
    confidence = "P"
    description = _(
        "A matter outside police remit closed with no record that the reporter was told which "
        "authority handles it (orally, or by a written notice). Red as soon as the incident is closed "
        "without it."
    )
    anchor = "disposed_at"
    anchor_label = gettext_noop("incident closed")
    defect_label = gettext_noop("notice to the reporter")
    officer = "officer_id"
    case = None
    label = "number"
    related_changes = ((LegalDocument, "incident"),)

    def applies(self, ctx):
        return Q(jurisdiction=Jurisdiction.NON_POLICE) | Q(category=IncidentCategory.NON_POLICE)

    def defect(self, ctx):
        notice = LegalDocument.objects.filter(incident=OuterRef("pk"), kind=DocumentKind.NON_POLICE_NOTICE)
        return Q(reporter_told_at__isnull=True) & ~Q(Exists(notice))
