from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, ElementType, FilingReviewTier, LimitClock
from cases.models import Case, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, ECON_CRIME_RULES, earliest, lead_officer


@register
class AgencyTransferReviewLate(DeadlineRule):
    ref = "AJ05"
    code = "agency_transfer_review_late"
    name = _("Case transferred by an administrative agency not reviewed in time")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 180 ¶1")),
        LegalBasis(ECON_CRIME_RULES, _("Art. 16 (economic crimes; as summarised)")),
    )
    confidence = "P"
    description = _(
        "A criminal case transferred by an administrative law-enforcement agency with no decision to "
        "file or not to file (or transfer to the competent organ) within 3 days of accepting it. For "
        "economic crimes the decision is due within 10 days at the latest, 30 days for major, difficult "
        "or complex cases with county-level approval (filing-review tier 'major or complex') and 60 days "
        "with the next level's approval (tier 'economic crime, prefecture approval'); an approved "
        "extension of the filing-review clock sets the whole limit in force. Incomplete materials are no "
        "reason to stop the review: the 3 days run from the acceptance even when the agency was asked to "
        "complete them (the 24-hour notice of incomplete materials is risk point AJ05A). Start day not "
        "counted; a period ending on a rest day or holiday rolls over to the next working day."
    )
    start = "accepted_at"
    start_label = gettext_noop("transferred case accepted")
    limit = (3, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.FILING_REVIEW, "case")
    act_label = gettext_noop("decision to file or not to file")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LimitChange, "case"),)
    thresholds = {
        "*": Band(blue="2d", yellow="1d"),
        "10d": Band(blue="3d", yellow="1d"),
        "30d": Band(blue="8d", yellow="4d"),
        "60d": Band(blue="15d", yellow="7d"),
    }

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, source=CaseSource.AGENCY_TRANSFER)

    def limit_expression(self, ctx):
        days = CaseWhen(
            When(is_economic_crime=False, then=Value(3)),
            When(filing_review_tier=FilingReviewTier.COMPLEX, then=Value(30)),
            When(filing_review_tier=FilingReviewTier.ECON_PREFECTURE, then=Value(60)),
            default=Value(10),
            output_field=IntegerField(),
        )
        return days, PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest("filed_at", "declined_at", "transferred_out_at")
