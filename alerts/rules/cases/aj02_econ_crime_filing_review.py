from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, ElementType, FilingReviewTier, LimitClock
from cases.models import Case, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ECON_CRIME_RULES, earliest, lead_officer


@register
class EconCrimeFilingReview(DeadlineRule):
    ref = "AJ02"
    code = "econ_crime_filing_review"
    name = _("Economic-crime lead not decided in time (filing review overdue)")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(
            ECON_CRIME_RULES, _("Art. 15 (article as summarised, not checked against the official text)")
        ),
    )
    confidence = "S"
    description = _(
        "An economic-crime lead (report, complaint, tip-off or surrender) accepted with no decision to "
        "file or not to file. 7 days from the acceptance; 30 days for major, difficult or complex leads "
        "with county-level approval (filing-review tier 'major or complex'); 30 days more, 60 in all, for "
        "especially major or cross-regional leads with the next level's approval (tier 'economic crime, "
        "prefecture approval'). An approved extension of the filing-review clock sets the whole limit in "
        "force; one without approval moves nothing. Start day not counted; a period ending on a rest day "
        "or holiday rolls over to the next working day (not a custody period). Transferring the lead to "
        "another organ also ends the review. Cases transferred by an administrative agency have their own "
        "review period (AJ05) and are not watched here. The periods are taken from a secondary summary "
        "of the provisions."
    )
    start = "accepted_at"
    start_label = gettext_noop("accepted")
    limit = (7, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.FILING_REVIEW, "case")
    act_label = gettext_noop("decision to file or not to file")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LimitChange, "case"),)
    thresholds = {
        "*": Band(blue="3d", yellow="1d"),
        "30d": Band(blue="8d", yellow="4d"),
        "60d": Band(blue="15d", yellow="7d"),
    }

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, is_economic_crime=True) & ~Q(source=CaseSource.AGENCY_TRANSFER)

    def limit_expression(self, ctx):
        days = CaseWhen(
            When(filing_review_tier=FilingReviewTier.COMPLEX, then=Value(30)),
            When(filing_review_tier=FilingReviewTier.ECON_PREFECTURE, then=Value(60)),
            default=Value(7),
            output_field=IntegerField(),
        )
        return days, PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest("filed_at", "declined_at", "transferred_out_at")
