from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, lead_officer
from ._criminal import first_document, sent_time


@register
class AgencyMaterialsNoticeLate(DeadlineRule):
    ref = "AJ05A"
    code = "agency_materials_notice_late"
    name = _("Transferring agency not told of incomplete materials within 24 hours")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 180 ¶2")),)
    confidence = "P"
    description = _(
        "The second sub-deadline of risk point AJ05: when the police find the materials of a case "
        "transferred by an administrative agency incomplete, they must tell the agency within 24 hours "
        "of accepting the case (the agency completes them within 3 days). Counted from the recorded "
        "minute of the acceptance. The data knows materials were incomplete only from the notice itself, "
        "so this risk point watches the cases that have a notice of incomplete materials and finds the "
        "ones sent after the 24 hours (recorded as late breaches); a notice never sent cannot be seen. "
        "The notice counts when served on the agency, else when issued."
    )
    start = "accepted_at"
    start_label = gettext_noop("transferred case accepted")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("notice of incomplete materials")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"),)
    thresholds = {"*": Band(blue="8h", yellow="2h")}

    def applies(self, ctx):
        notices = LegalDocument.objects.filter(
            kind=DocumentKind.MATERIALS_INCOMPLETE_NOTICE, case=OuterRef("pk")
        )
        return Q(kind=CaseKind.CRIMINAL, source=CaseSource.AGENCY_TRANSFER) & Q(Exists(notices))

    def act_expression(self, ctx):
        return first_document(DocumentKind.MATERIALS_INCOMPLETE_NOTICE, sent_time(), case=OuterRef("pk"))
