from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseSource, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ACCEPTANCE_OPINION, ADMIN_RULES, CRIMINAL_RULES, lead_officer


@register
class ReceiptNotIssued(DetectionRule):
    ref = "JQ05"
    code = "receipt_not_issued"
    name = _("Acceptance receipt not issued")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 171")),
        LegalBasis(ADMIN_RULES, _("Art. 61(1)")),
        LegalBasis(ACCEPTANCE_OPINION, _("'three on the spot'")),
    )
    confidence = "P"
    description = _(
        "A case accepted from a report or an incident with no acceptance receipt (受案回执) issued and "
        "no note that the reporter refused it or could not be reached. The receipt is due on the spot, "
        "so the warning is red as soon as the acceptance is in the data (a grace time can be set as the "
        "red threshold). Cases the police found themselves, transfers and procuratorate notices have no "
        "reporter and are not watched."
    )
    anchor = "accepted_at"
    anchor_label = gettext_noop("accepted")
    defect_label = gettext_noop("acceptance receipt")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"),)

    def applies(self, ctx):
        # A case without a complainant (a police-found offence recorded from an incident) has
        # no one to give a receipt to.
        return Q(
            source__in=[CaseSource.INCIDENT, CaseSource.REPORT],
            has_complainant=True,
            receipt_waiver_reason="",
        )

    def defect(self, ctx):
        receipt = LegalDocument.objects.filter(case=OuterRef("pk"), kind=DocumentKind.ACCEPTANCE_RECEIPT)
        return ~Q(Exists(receipt))
