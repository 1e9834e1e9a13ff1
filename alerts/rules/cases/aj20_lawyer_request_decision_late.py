from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, DocumentKind, ElementType
from cases.models import Case, CaseEvent, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer


class RequestAnswerLate(DeadlineRule):
    """A request recorded as a case event must be decided within a period.

    One warning per case: on the earliest request still unanswered (no decision at or after
    it), else on the latest request (so that a late answer to it is recorded as a breach).
    A decision is a decision event or a decision document at or after the request."""

    element = ElementType.CASE
    model = Case
    request_kind: str
    decision_kind: str
    decision_document: str
    start_label = gettext_noop("request received")
    limit = (3, PeriodUnit.DAYS)
    officer = lead_officer()
    case = "pk"
    label = "number"
    thresholds = {"*": Band(blue="2d", yellow="1d")}
    related_changes = ((CaseEvent, "case"), (LegalDocument, "case"))

    def applies(self, ctx):
        with_request = CaseEvent.objects.filter(kind=self.request_kind).values("case_id")
        return Q(kind=CaseKind.CRIMINAL, pk__in=with_request)

    def decisions_after(self, moment, case_ref):
        """(events, documents) deciding a request of the case at ``case_ref`` made at ``moment``."""
        events = CaseEvent.objects.filter(case=case_ref, kind=self.decision_kind, occurred_at__gte=moment)
        documents = LegalDocument.objects.filter(
            case=case_ref, kind=self.decision_document, issued_at__isnull=False, issued_at__gte=moment
        )
        return events, documents

    def answered(self, ctx) -> Q:
        """True for a request event (the queryset row) that has an answer."""
        events, documents = self.decisions_after(OuterRef("occurred_at"), OuterRef("case_id"))
        return Q(Exists(events.filter(occurred_at__lte=ctx.as_of))) | Q(
            Exists(documents.filter(issued_at__lte=ctx.as_of))
        )

    def start_expression(self, ctx):
        requests = CaseEvent.objects.filter(
            case=OuterRef("pk"), kind=self.request_kind, occurred_at__lte=ctx.as_of
        )
        open_first = requests.exclude(self.answered(ctx)).order_by("occurred_at").values("occurred_at")[:1]
        latest = requests.order_by("-occurred_at").values("occurred_at")[:1]
        return Coalesce(Subquery(open_first), Subquery(latest))

    def act_expression(self, ctx):
        events, documents = self.decisions_after(OuterRef("rule_start"), OuterRef("pk"))
        return earliest(
            Subquery(events.order_by("occurred_at").values("occurred_at")[:1]),
            Subquery(documents.order_by("issued_at").values("issued_at")[:1]),
        )


@register
class LawyerRequestDecisionLate(RequestAnswerLate):
    ref = "AJ20"
    code = "lawyer_request_decision_late"
    name = _("Lawyer's meeting request in a state-security case not decided in time")
    basis = (LegalBasis(CPL, _("Art. 39 ¶3")), LegalBasis(CRIMINAL_RULES, _("Art. 52")))
    confidence = "P"
    description = _(
        "In a case of endangering state security or terrorism, a defence lawyer's request during the "
        "investigation to meet the suspect must be decided (permitted or not, with county-level "
        "approval) and the lawyer notified in writing within 3 days of receiving it (start day not "
        "counted; a period ending on a rest day or holiday rolls over to the next working day). The "
        "request is the case event 'defence lawyer asked to meet'; the answer is the event 'lawyer "
        "meeting decided' or a decision document on the request, at or after it. One warning per "
        "case, on the earliest request still unanswered (else the latest request)."
    )
    request_kind = CaseEventKind.LAWYER_MEETING_REQUESTED
    decision_kind = CaseEventKind.LAWYER_MEETING_DECIDED
    decision_document = DocumentKind.LAWYER_MEETING_DECISION
    act_label = gettext_noop("decision on the meeting request, notified to the lawyer")

    def applies(self, ctx):
        return super().applies(ctx) & Q(is_state_security=True)
