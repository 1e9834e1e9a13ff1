from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, DocumentKind, MeasureEndReason
from cases.models import CaseEvent, CoerciveMeasure, LegalDocument

from .. import register
from ..base import LegalBasis
from ..common import CPL, CRIMINAL_RULES, earliest
from .aj20_lawyer_request_decision_late import RequestAnswerLate

# A measure that ended this way after the application answers it (the change was granted).
CHANGED = (MeasureEndReason.CHANGED, MeasureEndReason.LIFTED, MeasureEndReason.RELEASED)


@register
class MeasureChangeReplyLate(RequestAnswerLate):
    ref = "AJ21"
    code = "measure_change_reply_late"
    name = _("Application to change a coercive measure not answered in time")
    basis = (LegalBasis(CPL, _("Art. 97")), LegalBasis(CRIMINAL_RULES, _("Art. 160")))
    confidence = "P"
    description = _(
        "The suspect, a legal representative, a close relative or the defender applied to change a "
        "coercive measure: the police must decide within 3 days of receiving the application, giving "
        "the reasons when they refuse (start day not counted; a period ending on a rest day or "
        "holiday rolls over to the next working day — it is a reply period, not a custody period). "
        "The application is the case event 'change of measure applied for'; the answer is the event "
        "'change of measure decided', a decision document on the change, or a measure of the case "
        "changed, lifted or released at or after the application. One warning per case, on the "
        "earliest application still unanswered (else the latest application)."
    )
    request_kind = CaseEventKind.MEASURE_CHANGE_APPLIED
    decision_kind = CaseEventKind.MEASURE_CHANGE_DECIDED
    decision_document = DocumentKind.MEASURE_CHANGE_DECISION
    act_label = gettext_noop("decision on the application to change the measure")
    related_changes = ((CaseEvent, "case"), (LegalDocument, "case"), (CoerciveMeasure, "case"))

    def answered(self, ctx):
        changed = CoerciveMeasure.objects.filter(
            case=OuterRef("case_id"),
            end_reason__in=CHANGED,
            ended_at__gte=OuterRef("occurred_at"),
            ended_at__lte=ctx.as_of,
        )
        return super().answered(ctx) | Q(Exists(changed))

    def act_expression(self, ctx):
        changed = (
            CoerciveMeasure.objects.filter(
                case=OuterRef("pk"), end_reason__in=CHANGED, ended_at__gte=OuterRef("rule_start")
            )
            .order_by("ended_at")
            .values("ended_at")[:1]
        )
        return earliest(super().act_expression(ctx), Subquery(changed))
