from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, ElementType
from cases.models import Case, CaseEvent

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, earliest, lead_officer

SECOND_ROUND = (CaseEventKind.MEDIATION_STARTED, CaseEventKind.MEDIATION_SECOND)
OUTCOMES = (CaseEventKind.MEDIATION_SECOND, CaseEventKind.MEDIATION_SUCCEEDED, CaseEventKind.MEDIATION_FAILED)


@register
class SecondMediationLate(DeadlineRule):
    ref = "AJ29"
    code = "second_mediation_late"
    name = _("Second mediation not completed within 7 working days")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(ADMIN_RULES, _("Art. 183")),)
    confidence = "P"
    description = _(
        "Mediation of a public-order case is normally held once. When the first mediation failed and a "
        "second one is pursued (a mediation started, or a second mediation recorded, after the "
        "failure), it must be completed within 7 working days of the first: counted on the official "
        "calendar's working days from the day after the first mediation failed (rest days, holidays "
        "and make-up working days as announced). The second mediation is completed when it is "
        "recorded as held, or ends in an agreement or a failure; the case decided, transferred or "
        "withdrawn also ends it."
    )
    start_label = gettext_noop("first mediation failed")
    limit = (7, PeriodUnit.WORKING_DAYS)
    act_label = gettext_noop("second mediation completed")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseEvent, "case"),)
    thresholds = {"*": Band(blue="3d", yellow="1d")}

    def applies(self, ctx):
        failed = CaseEvent.objects.filter(kind=CaseEventKind.MEDIATION_FAILED).values("case_id")
        return Q(kind=CaseKind.ADMINISTRATIVE, pk__in=failed)

    def start_expression(self, ctx):
        pursued = CaseEvent.objects.filter(
            case=OuterRef("case_id"),
            kind__in=SECOND_ROUND,
            occurred_at__gt=OuterRef("occurred_at"),
            occurred_at__lte=ctx.as_of,
        )
        first_failure = (
            CaseEvent.objects.filter(case=OuterRef("pk"), kind=CaseEventKind.MEDIATION_FAILED)
            .filter(Exists(pursued))
            .order_by("occurred_at")
            .values("occurred_at")[:1]
        )
        return Subquery(first_failure)

    def act_expression(self, ctx):
        outcome = (
            CaseEvent.objects.filter(
                case=OuterRef("pk"), kind__in=OUTCOMES, occurred_at__gt=OuterRef("rule_start")
            )
            .order_by("occurred_at")
            .values("occurred_at")[:1]
        )
        return earliest(Subquery(outcome), "decided_at", "transferred_out_at", "withdrawn_at")
