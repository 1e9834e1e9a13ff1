from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, DocumentKind, ElementType
from cases.models import Case, CaseEvent, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, lead_officer
from ._criminal import first_document, last_document, received_time, sent_time


@register
class NoArrestReviewLate(DeadlineRule):
    ref = "AJ14"
    code = "no_arrest_review_late"
    name = _("Reconsideration of a refusal to approve arrest not requested in time")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CPL, _("Art. 92")), LegalBasis(CRIMINAL_RULES, _("Art. 141")))
    confidence = "P"
    description = _(
        "The unit considers the procuratorate's decision not to approve an arrest wrong: the request for "
        "reconsideration must go to the procuratorate within 5 days of receiving the decision; if it is "
        "not accepted, the request for review by the next-level procuratorate within 5 days of receiving "
        "the reconsideration decision. Only decisions the unit contests are watched: a 'unit contests a "
        "procuratorate decision' event after the decision (and before any transfer for prosecution), or a "
        "request for reconsideration after it. A reconsideration decision that keeps the refusal is "
        "recorded as another decision not to approve arrest, so the 5 days of the review run from the "
        "latest such decision. The start is its received time, else its date; the act is a request sent "
        "after it (served, else issued). Start day not counted; a period ending on a rest day or holiday "
        "rolls over to the next working day (a request is not a custody period: the suspect is released)."
    )
    start_label = gettext_noop("decision not to approve arrest received")
    limit = (5, PeriodUnit.DAYS)
    act_label = gettext_noop("request for reconsideration or review")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((LegalDocument, "case"), (CaseEvent, "case"))
    thresholds = {"*": Band(blue="3d", yellow="1d")}

    def applies(self, ctx):
        decisions = LegalDocument.objects.filter(kind=DocumentKind.NO_ARREST_DECISION, case=OuterRef("pk"))
        return Q(kind=CaseKind.CRIMINAL) & Q(Exists(decisions))

    def base_queryset(self, ctx):
        # The latest decision, the latest contest event and the latest request, each once per
        # case; the start compares them (the unit contests the decision when either follows it).
        # A contest event counts before any transfer for prosecution (later decisions are AJ16's).
        contested = CaseEvent.objects.filter(
            case=OuterRef("pk"), kind=CaseEventKind.DECISION_CONTESTED, occurred_at__lte=ctx.as_of
        ).filter(
            Q(case__transferred_for_prosecution_at__isnull=True)
            | Q(occurred_at__lt=F("case__transferred_for_prosecution_at"))
        )
        decided = last_document(
            DocumentKind.NO_ARREST_DECISION, received_time(), ctx.as_of, case=OuterRef("pk")
        )
        requested = last_document(
            DocumentKind.ARREST_RECONSIDERATION_REQUEST, sent_time(), ctx.as_of, case=OuterRef("pk")
        )
        return (
            super()
            .base_queryset(ctx)
            .annotate(
                no_arrest_at=decided,
                contested_at=Subquery(
                    contested.order_by("-occurred_at").values("occurred_at")[:1], output_field=DateTimeField()
                ),
                requested_at=requested,
            )
        )

    def start_expression(self, ctx):
        contested = Q(contested_at__gte=F("no_arrest_at")) | Q(requested_at__gte=F("no_arrest_at"))
        return CaseWhen(When(contested, then=F("no_arrest_at")), output_field=DateTimeField())

    def act_expression(self, ctx):
        return first_document(
            DocumentKind.ARREST_RECONSIDERATION_REQUEST,
            sent_time(),
            case=OuterRef("pk"),
            moment__gte=OuterRef("rule_start"),
        )
