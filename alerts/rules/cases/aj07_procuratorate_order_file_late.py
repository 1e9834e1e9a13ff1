from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, ECON_CRIME_RULES, lead_officer
from ._criminal import last_document, received_time


@register
class ProcuratorateOrderFileLate(DeadlineRule):
    ref = "AJ07"
    code = "procuratorate_order_file_late"
    name = _("Case not filed in time after the procuratorate's notice to file")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 182 ¶2")),
        LegalBasis(CPL, _("Art. 113")),
        LegalBasis(ECON_CRIME_RULES, _("Art. 15 ¶2")),
    )
    confidence = "P"
    description = _(
        "The procuratorate notified the police to file a case: it must be filed within 15 days of "
        "receiving the notice (its received time, else its date; the latest notice when there are "
        "several), and a copy of the filing decision sent to the procuratorate. The act is the case's "
        "filing time; the copy to the procuratorate is not checked, because the data does not record it "
        "reliably. Start day not counted; a period ending on a rest day or holiday rolls over to the next "
        "working day."
    )
    start_label = gettext_noop("notice to file received")
    limit = (15, PeriodUnit.DAYS)
    act = "filed_at"
    act_label = gettext_noop("filing decision")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"),)
    thresholds = {"*": Band(blue="6d", yellow="2d")}

    def applies(self, ctx):
        orders = LegalDocument.objects.filter(
            kind=DocumentKind.PROCURATORATE_FILING_ORDER, case=OuterRef("pk")
        )
        return Q(kind=CaseKind.CRIMINAL) & Q(Exists(orders))

    def start_expression(self, ctx):
        return last_document(
            DocumentKind.PROCURATORATE_FILING_ORDER, received_time(), ctx.as_of, case=OuterRef("pk")
        )
