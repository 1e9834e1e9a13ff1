from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, DocumentKind, ElementType, LimitClock
from cases.models import Case, CaseEvent, LegalDocument, LimitChange

from ...choices import Level
from .. import register
from ..base import ROW_COLUMNS, Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit, SqlRows
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._criminal import (
    first_document,
    first_event,
    last_document,
    last_event,
    latest,
    on_or_after,
    received_time,
    sent_time,
)

MAX_ROUNDS = 2  # CPL Art. 175 ¶3: supplementary investigation at most twice


@register
class SuppInvestigationOverdue(DeadlineRule):
    ref = "AJ11"
    code = "supp_investigation_overdue"
    name = _("Supplementary investigation overdue")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(CPL, _("Art. 175 ¶3")), LegalBasis(CRIMINAL_RULES, _("Art. 295, 296")))
    confidence = "P"
    description = _(
        "The procuratorate returned a case for supplementary investigation: it must be completed within "
        "one month of receiving the return documents, and a case may be returned at most twice. The "
        "start is the latest return (a 'returned for supplementary investigation' event, or the return "
        "document's received time, else its date); the act is the case sent back after it — a "
        "'resubmitted' event, a transfer for prosecution issued after it, or the case withdrawn after it. "
        "Months are calendar months (a day the final month lacks: the month's last day). The suspect is "
        "usually in custody during the return, and the data does not say reliably whether they still "
        "are, so the period is never extended for holidays (CPL Art. 105 ¶4, the conservative reading). "
        "Versions of the supplementary-investigation clock (a stop for psychiatric appraisal) apply. "
        "A third return is red as soon as it is recorded and stays red until the case is sent back."
    )
    start_label = gettext_noop("returned for supplementary investigation")
    limit = (1, PeriodUnit.MONTHS)
    custody = True
    clock = ClockSpec(LimitClock.SUPPLEMENTARY, "case")
    act_label = gettext_noop("case sent back after supplementary investigation")
    third_label = gettext_noop("returned for supplementary investigation a third time (the law allows two)")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseEvent, "case"), (LegalDocument, "case"), (LimitChange, "case"))
    thresholds = {"*": Band(blue="11d", yellow="6d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL)

    def base_queryset(self, ctx):
        def count(queryset):
            counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
            return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

        events = CaseEvent.objects.filter(
            case=OuterRef("pk"), kind=CaseEventKind.SUPPLEMENTARY_RETURNED, occurred_at__lte=ctx.as_of
        )
        documents = (
            LegalDocument.objects.filter(case=OuterRef("pk"), kind=DocumentKind.SUPPLEMENTARY_RETURN)
            .annotate(moment=received_time())
            .filter(moment__lte=ctx.as_of)
        )
        returned = latest(
            last_event(CaseEventKind.SUPPLEMENTARY_RETURNED, ctx.as_of, case=OuterRef("pk")),
            last_document(DocumentKind.SUPPLEMENTARY_RETURN, received_time(), ctx.as_of, case=OuterRef("pk")),
        )
        # Only cases ever returned (two hashed semi-joins) get the per-case lookups below. A return
        # may be recorded as an event, a document or both: the rounds are the larger count.
        ever_returned = Q(
            pk__in=CaseEvent.objects.filter(kind=CaseEventKind.SUPPLEMENTARY_RETURNED).values("case_id")
        ) | Q(pk__in=LegalDocument.objects.filter(kind=DocumentKind.SUPPLEMENTARY_RETURN).values("case_id"))
        return (
            super()
            .base_queryset(ctx)
            .filter(ever_returned)
            .annotate(supp_returned=returned)
            .filter(supp_returned__isnull=False)
            .annotate(supp_rounds=Greatest(count(events), count(documents)))
        )

    def start_expression(self, ctx):
        # Rounds beyond the second are not a period: they are flagged on detection (``rows``).
        return CaseWhen(
            When(supp_rounds__lte=MAX_ROUNDS, then=F("supp_returned")), output_field=DateTimeField()
        )

    def act_expression(self, ctx):
        return self.sent_back("rule_start")

    def sent_back(self, start: str):
        resubmitted = first_event(
            CaseEventKind.SUPPLEMENTARY_RESUBMITTED, case=OuterRef("pk"), occurred_at__gte=OuterRef(start)
        )
        transfer = first_document(
            DocumentKind.PROSECUTION_TRANSFER, sent_time(), case=OuterRef("pk"), moment__gte=OuterRef(start)
        )
        return earliest(resubmitted, transfer, on_or_after("withdrawn_at", start))

    def rows(self, ctx):
        deadlines = super().rows(ctx)
        third = (
            self.base_queryset(ctx)
            .filter(supp_rounds__gt=MAX_ROUNDS)
            .annotate(supp_back=self.sent_back("supp_returned"))
            .filter(Q(supp_back__isnull=True) | Q(supp_back__gt=ctx.as_of))
            .annotate(
                r_level=Value(Level.RED, output_field=CharField()),
                r_late=Value(False, output_field=BooleanField()),
                r_act_at=Cast(Value(None), output_field=DateTimeField()),
                r_start_at=F("supp_returned"),
                r_due_at=F("supp_returned"),
                r_calendar_missing=Value(False, output_field=BooleanField()),
                r_base_start=F("supp_returned"),
                r_base_value=F("supp_rounds"),
                r_base_unit=Value("", output_field=CharField()),
                r_limit_value=Value(MAX_ROUNDS, output_field=IntegerField()),
                r_limit_unit=Value("", output_field=CharField()),
                **self.routing(),
            )
            .order_by()
            .values(*ROW_COLUMNS)
        )
        sql, params = third.query.sql_with_params()
        columns = ", ".join(ROW_COLUMNS)
        # Both halves name the columns in the same order; their params travel separately.
        union = (
            f"SELECT {columns} FROM ({deadlines.sql}) d "  # noqa: S608
            f"UNION ALL SELECT {columns} FROM ({sql}) t"
        )
        return SqlRows(union, [*deadlines.params, *params])

    def explain(self, row, changes, calendar, ctx):
        if row["base_unit"]:
            return super().explain(row, changes, calendar, ctx)
        steps = [
            {"t": "start", "event": self.third_label, "at": row["start_at"].isoformat()},
            {"t": "missing", "act": self.act_label},
        ]
        return steps, row["due_at"]
