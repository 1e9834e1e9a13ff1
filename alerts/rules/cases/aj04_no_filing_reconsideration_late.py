from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, ElementType, LimitClock
from cases.models import Case, CaseEvent, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._criminal import first_event, last_event, on_or_after


@register
class NoFilingReconsiderationLate(DeadlineRule):
    ref = "AJ04"
    code = "no_filing_reconsideration_late"
    name = _("Reconsideration of a decision not to file not decided in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 179")), LegalBasis(CPL, _("Art. 112")))
    confidence = "P"
    description = _(
        "The complainant applied for reconsideration of a decision not to file (within 7 days of "
        "receiving the notice): the police must decide within 30 days of receiving the application and "
        "serve the decision. A major or complex case may be extended by up to 30 days with written notice "
        "to the applicant — recorded as an approved extension of the reconsideration clock (60 days in "
        "all); an extension without approval moves nothing. A review (复核) applied for at the next level "
        "after the reconsideration decision has the same 30 days and is recorded the same way. The "
        "application is the latest 'reconsideration applied for' event after the decision not to file; "
        "the act is a 'reconsideration decided' event after it, or the case being filed after it. Start "
        "day not counted; a period ending on a rest day or holiday rolls over to the next working day."
    )
    start_label = gettext_noop("reconsideration applied for")
    limit = (30, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.RECONSIDERATION, "case")
    act_label = gettext_noop("reconsideration decision")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseEvent, "case"), (LimitChange, "case"))
    thresholds = {"*": Band(blue="8d", yellow="4d"), "60d": Band(blue="15d", yellow="7d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, declined_at__isnull=False)

    def start_expression(self, ctx):
        return last_event(
            CaseEventKind.RECONSIDERATION_APPLIED,
            ctx.as_of,
            case=OuterRef("pk"),
            occurred_at__gte=OuterRef("declined_at"),
        )

    def act_expression(self, ctx):
        decided = first_event(
            CaseEventKind.RECONSIDERATION_DECIDED,
            case=OuterRef("pk"),
            occurred_at__gte=OuterRef("rule_start"),
        )
        return earliest(decided, on_or_after("filed_at"))
