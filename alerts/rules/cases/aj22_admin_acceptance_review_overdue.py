from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, LimitClock
from cases.models import Case, Incident, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ACCEPTANCE_OPINION, ADMIN_RULES, lead_officer


@register
class AdminAcceptanceReviewOverdue(DeadlineRule):
    ref = "AJ22"
    code = "admin_acceptance_review_overdue"
    name = _("Administrative case accepted after the acceptance review period")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(ACCEPTANCE_OPINION, _("acceptance review 24 hours / 3 days")),
        LegalBasis(ADMIN_RULES, _("Art. 60–61")),
    )
    confidence = "S"
    description = _(
        "The review of a reported administrative matter must end in a decision to accept it as a case "
        "(受案) within 24 hours of the report, or within 3 days for a difficult or complex one — "
        "recorded as an approved extension of the case's administrative acceptance review clock to 3 "
        "days (start day not counted, a last day on a rest day or holiday rolls over). The clock runs "
        "from the report (the case's 'reported at', else the call it came from). A case record exists "
        "only once the matter was accepted, so this rule finds acceptances recorded after the period, "
        "as late breaches; reports still waiting for a decision are watched on the incident by JQ04."
    )
    start_label = gettext_noop("matter reported")
    limit = (24, PeriodUnit.HOURS)
    units = (PeriodUnit.HOURS, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.ADMIN_ACCEPTANCE, "case")
    act = "accepted_at"
    act_label = gettext_noop("decision to accept the case (受案)")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LimitChange, "case"), (Incident, "cases"))
    thresholds = {"*": Band(blue="8h", yellow="2h"), "3d": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE)

    def start_expression(self, ctx):
        return Coalesce("reported_at", "incident__received_at")
