from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, CaseSource, ElementType, FilingReviewTier, LimitClock
from cases.models import Case, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ACCEPTANCE_OPINION, earliest, lead_officer


@register
class FilingReviewOverdue(DeadlineRule):
    ref = "AJ01"
    code = "filing_review_overdue"
    name = _("Accepted but not filed (filing review overdue)")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(ACCEPTANCE_OPINION, _("filing review 3 / 7 / 30 days")),)
    confidence = "S"
    description = _(
        "A criminal case accepted with no decision to file or not to file. 3 days in principle, 7 days "
        "when a crime lead needs verification, 30 days for major, complex or difficult cases with "
        "county-level approval, counted from the acceptance (start day not counted); a period ending "
        "on a rest day or holiday rolls over to the next working day (the suspect is not in custody "
        "for this clock). The case's filing-review tier sets the period, and an approved extension "
        "of the filing-review clock moves it. Transferring the case to another organ also ends the "
        "review. Economic crimes have their own review periods (AJ02), and cases transferred by an "
        "administrative agency have theirs (AJ05); neither is watched here."
    )
    start = "accepted_at"
    start_label = gettext_noop("accepted")
    limit = (3, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.FILING_REVIEW, "case")
    act_label = gettext_noop("decision to file or not to file")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LimitChange, "case"),)
    thresholds = {
        "*": Band(blue="2d", yellow="1d"),
        "7d": Band(blue="3d", yellow="1d"),
        "30d": Band(blue="8d", yellow="4d"),
    }

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, is_economic_crime=False) & ~Q(source=CaseSource.AGENCY_TRANSFER)

    def limit_expression(self, ctx):
        days = CaseWhen(
            When(filing_review_tier=FilingReviewTier.VERIFY_LEAD, then=Value(7)),
            When(filing_review_tier=FilingReviewTier.COMPLEX, then=Value(30)),
            When(filing_review_tier=FilingReviewTier.ECON_PREFECTURE, then=Value(60)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return days, PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest("filed_at", "declined_at", "transferred_out_at")
