from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, DocumentKind, ElementType, PersonRole
from cases.models import Case, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, lead_officer
from ._criminal import first_document, served_time


@register
class WithdrawalNoticeLate(DeadlineRule):
    ref = "AJ12"
    code = "withdrawal_notice_late"
    name = _("Withdrawal not notified in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 189")),)
    confidence = "P"
    description = _(
        "A criminal case withdrawn, or the investigation of a suspect terminated: within 3 days of the "
        "decision the former suspect, the victim or their close relatives or legal representative, and "
        "the agency that transferred the case must be told (termination: the former suspect). Start day "
        "not counted; a period ending on a rest day or holiday rolls over to the next working day. The act "
        "is the first notice of withdrawal or termination served (or issued with a recorded reason why it "
        "could not be served); one served notice counts, since the data does not say reliably whom each "
        "notice reached. A notice issued but not served does not count. Cases with nobody to tell (no "
        "suspect or victim recorded, no complainant, not transferred by an agency) are not watched."
    )
    start = "withdrawn_at"
    start_label = gettext_noop("withdrawn")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("notice of withdrawal")
    officer = lead_officer()
    case = "pk"
    label = "number"
    thresholds = {"*": Band(blue="2d", yellow="1d")}
    related_changes = ((LegalDocument, "case"), (Person, "case"))

    def applies(self, ctx):
        parties = Person.objects.filter(case=OuterRef("pk"), role__in=[PersonRole.SUSPECT, PersonRole.VICTIM])
        someone = Q(has_complainant=True) | Q(source=CaseSource.AGENCY_TRANSFER) | Q(Exists(parties))
        return Q(kind=CaseKind.CRIMINAL, withdrawn_at__isnull=False) & someone

    def act_expression(self, ctx):
        return first_document(DocumentKind.WITHDRAWAL_NOTICE, served_time(), case=OuterRef("pk"))
