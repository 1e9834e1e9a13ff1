from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument

from ...choices import Level
from ...deadlines import Limit, compute_deadline
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, latest_of_all, lead_officer

DECISION_DAYS = 7  # the procuratorate decides on a detained suspect
RELEASE_DAYS = 3  # after a refusal: release, and the receipt to the procuratorate
DECISIONS = (DocumentKind.ARREST_APPROVAL, DocumentKind.NO_ARREST_DECISION)


def _sent():
    return Coalesce(F("served_at"), F("issued_at"))


def _received():
    return Coalesce(F("received_at"), F("issued_at"))


def _held_detentions(moment):
    """The criminal detentions of the document's measure, and of its person, that were running
    at ``moment`` (an expression over the outer document): two lookups, each on its index."""
    running = CoerciveMeasure.objects.filter(
        kind=MeasureKind.CRIMINAL_DETENTION, started_at__lte=moment
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=moment))
    return running.filter(pk=OuterRef("measure_id")), running.filter(person=OuterRef("person_id"))


def _held(moment) -> Q:
    by_measure, by_person = _held_detentions(moment)
    return Q(Exists(by_measure)) | Q(Exists(by_person))


def _held_until(moment):
    """When the detention running at ``moment`` ended (``NULL`` while it runs)."""
    by_measure, by_person = _held_detentions(moment)
    return Case(
        When(Exists(by_measure), then=Subquery(by_measure.values("ended_at")[:1])),
        default=Subquery(by_person.order_by("-started_at").values("ended_at")[:1]),
        output_field=DateTimeField(),
    )


def _request_sent():
    return Coalesce(OuterRef("served_at"), OuterRef("issued_at"))


def _refusal_received():
    return Coalesce(OuterRef("received_at"), OuterRef("issued_at"))


@register
class ProcuratorateArrestDecisionWait(DeadlineRule):
    ref = "RY13"
    code = "procuratorate_arrest_decision_wait"
    name = _("Procuratorate's arrest decision overdue, or no release after a refusal")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CPL, _("Art. 91 ¶3")), LegalBasis(CRIMINAL_RULES, _("Art. 140")))
    confidence = "P"
    description = _(
        "Two steps, each on its document. (1) A request for approval of arrest (提请批准逮捕书) for "
        "a suspect held in criminal detention when it was sent: the procuratorate must decide within "
        "7 days of receiving it (counted from its service on the procuratorate, else its issue); "
        "yellow from day 6, red after day 7 with no approval or refusal received, no arrest executed "
        "and the detention not ended — a reason to press the procuratorate. Requests for suspects "
        "not detained (the procuratorate's own longer limits) are not covered. (2) A decision not to "
        "approve arrest received while the suspect is detained: the suspect must be released at "
        "once and the execution receipt sent to the procuratorate within 3 days of the release; red "
        "when, 3 days after the refusal was received, the detention has not ended or no release "
        "receipt is recorded. The suspect is in custody, so neither period is extended for holidays; "
        "counting the receipt's 3 days from the refusal rather than from the release is the "
        "conservative reading (the release is due at once)."
    )
    start_label = gettext_noop("request for approval of arrest sent")
    refusal_label = gettext_noop("decision not to approve arrest received")
    custody = True
    act_label = gettext_noop("the procuratorate's decision")
    refusal_act_label = gettext_noop("release and the release receipt to the procuratorate")
    officer = Coalesce(
        lead_officer("case_id"), lead_officer("measure__case_id"), output_field=BigIntegerField()
    )
    case = Coalesce(F("case_id"), F("measure__case_id"), output_field=BigIntegerField())
    label = Coalesce(F("person__name"), F("measure__person__name"), F("number"))
    related_changes = (
        (LegalDocument, "measure__documents"),
        (LegalDocument, "person__documents"),
        (CoerciveMeasure, "documents"),
        (CoerciveMeasure, "person__documents"),
    )
    thresholds = {
        "*": Band(yellow="1d"),
        "7d": Band(yellow="2d"),
        "3d": Band(yellow="1d"),
    }

    def applies(self, ctx):
        request = Q(kind=DocumentKind.ARREST_REQUEST) & _held(_request_sent())
        refusal = Q(kind=DocumentKind.NO_ARREST_DECISION) & _held(_refusal_received())
        return Q(kind__in=[DocumentKind.ARREST_REQUEST, DocumentKind.NO_ARREST_DECISION]) & (
            request | refusal
        )

    def start_expression(self, ctx):
        return Case(
            When(kind=DocumentKind.ARREST_REQUEST, then=_sent()),
            default=_received(),
            output_field=DateTimeField(),
        )

    def limit_expression(self, ctx):
        days = Case(
            When(kind=DocumentKind.NO_ARREST_DECISION, then=Value(RELEASE_DAYS)),
            default=Value(DECISION_DAYS),
            output_field=IntegerField(),
        )
        return days, PeriodUnit.DAYS

    def act_expression(self, ctx):
        sent = _request_sent()
        decisions = LegalDocument.objects.filter(kind__in=DECISIONS).annotate(at=_received())
        by_measure = decisions.filter(measure=OuterRef("measure_id"), at__isnull=False)
        by_person = decisions.filter(person=OuterRef("person_id"), at__gte=sent)
        executed = CoerciveMeasure.objects.filter(
            kind=MeasureKind.ARREST, person=OuterRef("person_id"), started_at__gte=sent
        )
        decided = earliest(
            Subquery(by_measure.order_by("at").values("at")[:1]),
            Subquery(by_person.order_by("at").values("at")[:1]),
            Subquery(executed.order_by("started_at").values("started_at")[:1]),
            _held_until(sent),
        )

        refused = _refusal_received()
        receipts = LegalDocument.objects.filter(kind=DocumentKind.RELEASE_RECEIPT).annotate(at=_sent())
        receipt = earliest(
            Subquery(
                receipts.filter(measure=OuterRef("measure_id"), at__gte=refused)
                .order_by("at")
                .values("at")[:1]
            ),
            Subquery(
                receipts.filter(person=OuterRef("person_id"), at__gte=refused).order_by("at").values("at")[:1]
            ),
        )
        done = latest_of_all(_held_until(refused), receipt)
        return Case(
            When(kind=DocumentKind.ARREST_REQUEST, then=decided), default=done, output_field=DateTimeField()
        )

    def explain(self, row, changes, calendar, ctx):
        refusal = row["base_value"] == RELEASE_DAYS
        deadline = compute_deadline(
            start=row["base_start"],
            limit=Limit(row["base_value"], row["base_unit"]),
            calendar=calendar,
            custody=self.custody,
            as_of=ctx.as_of,
            start_label=self.refusal_label if refusal else self.start_label,
        )
        steps = list(deadline.steps)
        if row.get("late"):
            steps.append({"t": "late", "at": row["act_at"].isoformat()})
        elif row["level"] == Level.RED:
            steps.append({"t": "missing", "act": self.refusal_act_label if refusal else self.act_label})
        return steps, deadline.due
