from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, DocumentKind, MeasureEndReason, MeasureKind
from cases.models import CaseEvent, CoerciveMeasure, LegalDocument

from .. import register
from ..base import LegalBasis
from ..common import CPL, CRIMINAL_RULES, earliest
from .aj20_lawyer_request_decision_late import RequestAnswerLate

# A change granted answers the application: the person let go (a measure released or lifted),
# or put on bail or residential surveillance. A measure merely "changed" is not enough — a
# detention ends as "changed" when the arrest is approved, too.
LET_GO = (MeasureEndReason.LIFTED, MeasureEndReason.RELEASED)
MILDER = (MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE)


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
        "'change of measure decided', a decision document on the change, or the change granted at or "
        "after the application: a measure of the case released or lifted, or bail or residential "
        "surveillance started (a detention ending in an arrest is no answer). One warning per case, on the "
        "earliest application still unanswered (else the latest application)."
    )
    request_kind = CaseEventKind.MEASURE_CHANGE_APPLIED
    decision_kind = CaseEventKind.MEASURE_CHANGE_DECIDED
    decision_document = DocumentKind.MEASURE_CHANGE_DECISION
    act_label = gettext_noop("decision on the application to change the measure")
    related_changes = ((CaseEvent, "case"), (LegalDocument, "case"), (CoerciveMeasure, "case"))

    def grants(self, moment, case_ref):
        """(measures let go, milder measures started) of the case at or after ``moment``."""
        let_go = CoerciveMeasure.objects.filter(case=case_ref, end_reason__in=LET_GO, ended_at__gte=moment)
        milder = CoerciveMeasure.objects.filter(case=case_ref, kind__in=MILDER, started_at__gte=moment)
        return let_go, milder

    def answered(self, ctx):
        let_go, milder = self.grants(OuterRef("occurred_at"), OuterRef("case_id"))
        return (
            super().answered(ctx)
            | Q(Exists(let_go.filter(ended_at__lte=ctx.as_of)))
            | Q(Exists(milder.filter(started_at__lte=ctx.as_of)))
        )

    def act_expression(self, ctx):
        let_go, milder = self.grants(OuterRef("rule_start"), OuterRef("pk"))
        return earliest(
            super().act_expression(ctx),
            Subquery(let_go.order_by("ended_at").values("ended_at")[:1]),
            Subquery(milder.order_by("started_at").values("started_at")[:1]),
        )
