from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, lead_officer
from ._criminal import first_document, served_time


@register
class NoFilingNoticeLate(DeadlineRule):
    ref = "AJ03"
    code = "no_filing_notice_late"
    name = _("Notice of the decision not to file not served in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 178 ¶2")), LegalBasis(CPL, _("Art. 112")))
    confidence = "P"
    description = _(
        "A criminal case with a complainant where filing was declined: the notice of the decision not "
        "to file must be served on the complainant within 3 days of the decision. Start day not counted; "
        "a period ending on a rest day or holiday rolls over to the next working day. The act is the "
        "notice's service; a notice issued with a recorded reason why it could not be served counts as "
        "served when issued. A notice issued but not served does not count."
    )
    start = "declined_at"
    start_label = gettext_noop("filing declined")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("service of the notice of non-filing")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"),)
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, has_complainant=True, declined_at__isnull=False)

    def act_expression(self, ctx):
        return first_document(DocumentKind.NO_FILING_NOTICE, served_time(), case=OuterRef("pk"))
