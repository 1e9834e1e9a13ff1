from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, F, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, lead_officer
from ._criminal import first_document, served_time


@register
class PostFilingTransferNoticeLate(DeadlineRule):
    ref = "AJ13"
    code = "post_filing_transfer_notice_late"
    name = _("Transfer after filing not notified in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 184")),)
    confidence = "P"
    description = _(
        "A filed criminal case transferred to the competent organ, or to another police organ to be "
        "investigated with its case: within 3 days after the transfer the person who brought in the "
        "suspect, the reporter, complainant or informant, or the transferring administrative agency must "
        "be told in writing. Watched for filed cases with a complainant or transferred by an agency. Start "
        "day not counted; a period ending on a rest day or holiday rolls over to the next working day. The "
        "act is the notice of transfer after filing served (or issued with a recorded reason why it could "
        "not be served); a notice issued but not served does not count."
    )
    start_label = gettext_noop("transferred to another organ")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("written notice of the transfer")
    officer = lead_officer()
    case = "pk"
    label = "number"
    thresholds = {"*": Band(blue="2d", yellow="1d")}
    related_changes = ((LegalDocument, "case"),)

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, filed_at__isnull=False, transferred_out_at__isnull=False) & (
            Q(has_complainant=True) | Q(source=CaseSource.AGENCY_TRANSFER)
        )

    def start_expression(self, ctx):
        # A transfer before the filing is JQ06's (24 hours); this one follows the filing.
        return CaseWhen(
            When(filed_at__lte=F("transferred_out_at"), then=F("transferred_out_at")),
            output_field=DateTimeField(),
        )

    def act_expression(self, ctx):
        return first_document(DocumentKind.JURISDICTION_TRANSFER_NOTICE, served_time(), case=OuterRef("pk"))
