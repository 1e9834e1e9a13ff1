import copy

from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseEventKind, CaseKind, DocumentKind, ElementType
from cases.models import Case, CaseEvent, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit, SqlRows
from ..common import ADMIN_PENALTY_LAW, ADMIN_RULES, earliest, lead_officer

# The sub-deadlines, in days from the hearing request, and what each one needs.
DECIDE, NOTIFY, HOLD = 2, 3, 10
STEP_ACTS = {
    DECIDE: gettext_noop("decision whether to accept the hearing request"),
    NOTIFY: gettext_noop("hearing notice served (7 days before the hearing)"),
    HOLD: gettext_noop("hearing held"),
}
# The start of each sub-deadline's arithmetic names the step (a step met late shows which).
STEP_STARTS = {
    DECIDE: gettext_noop("hearing requested: decision on the request due"),
    NOTIFY: gettext_noop("hearing requested: hearing notice due"),
    HOLD: gettext_noop("hearing requested: hearing due"),
}


@register
class HearingProcedureLate(DeadlineRule):
    ref = "AJ28"
    code = "hearing_procedure_late"
    name = _("Hearing procedure behind its time limits")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(ADMIN_RULES, _("Art. 133–137")), LegalBasis(ADMIN_PENALTY_LAW, _("Art. 64")))
    confidence = "P"
    description = _(
        "A party asked for a hearing (the case event 'hearing requested'; the latest request counts). "
        "Three sub-deadlines run from the request, in days (start day not counted; a last day on a "
        "rest day or holiday rolls over): the decision whether to accept it within 2 days; the hearing "
        "notice served at least 7 days before the hearing, which must be held within 10 days of the "
        "request — so the notice is due within 3 days; the hearing held within 10 days. A later step "
        "recorded also answers the earlier ones (a notice means the request was accepted), and the "
        "case decided, transferred or withdrawn ends the procedure. The warning shows the most "
        "pressing sub-deadline: the one still open at the highest level, else one met late. The data "
        "does not tell a refused request from an accepted one: after a refusal the notice and the "
        "hearing stay due until the case is decided. Whether the request itself came within the "
        "party's 5 days, and a hearing held less than 7 days after its notice, are not checked."
    )
    start_label = gettext_noop("hearing requested")
    limit = (HOLD, PeriodUnit.DAYS)
    act_label = STEP_ACTS[HOLD]
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseEvent, "case"), (LegalDocument, "case"))
    thresholds = {"*": Band(yellow="1d")}
    step = HOLD  # the sub-deadline a copy of the rule evaluates (see ``rows``)

    def applies(self, ctx):
        requests = CaseEvent.objects.filter(kind=CaseEventKind.HEARING_REQUESTED).values("case_id")
        return Q(kind=CaseKind.ADMINISTRATIVE, pk__in=requests)

    def start_expression(self, ctx):
        latest = (
            CaseEvent.objects.filter(
                case=OuterRef("pk"), kind=CaseEventKind.HEARING_REQUESTED, occurred_at__lte=ctx.as_of
            )
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        )
        return Subquery(latest)

    def limit_expression(self, ctx):
        return Value(self.step), PeriodUnit.DAYS

    def act_expression(self, ctx):
        def event(kind):
            return Subquery(
                CaseEvent.objects.filter(
                    case=OuterRef("pk"), kind=kind, occurred_at__gte=OuterRef("rule_start")
                )
                .order_by("occurred_at")
                .values("occurred_at")[:1]
            )

        notice_document = Subquery(
            LegalDocument.objects.filter(
                case=OuterRef("pk"),
                kind=DocumentKind.HEARING_NOTICE,
                served_at__isnull=False,
                served_at__gte=OuterRef("rule_start"),
            )
            .order_by("served_at")
            .values("served_at")[:1]
        )
        acts = [event(CaseEventKind.HEARING_HELD), "decided_at", "transferred_out_at", "withdrawn_at"]
        if self.step <= NOTIFY:
            acts += [event(CaseEventKind.HEARING_NOTICE), notice_document]
        if self.step == DECIDE:
            acts.append(event(CaseEventKind.HEARING_ACCEPTED))
        return earliest(*acts)

    def rows(self, ctx):
        """One query: the three sub-deadlines evaluated side by side, and per case the most
        pressing one (open before met late; red, yellow, blue; the earliest due)."""
        parts = []
        for days in STEP_ACTS:
            step = copy.copy(self)
            step.step = days
            parts.append(DeadlineRule.rows(step, ctx))
        # Composed from code constants and the framework's own composed queries (whose params
        # travel separately, in order): no user input in the text.
        union = " UNION ALL ".join(f"SELECT * FROM ({part.sql}) s{i}" for i, part in enumerate(parts))  # noqa: S608
        ranked = (
            "SELECT u.*, ROW_NUMBER() OVER (PARTITION BY u.r_element_id ORDER BY "  # noqa: S608
            "CASE WHEN u.r_late THEN 1 ELSE 0 END, "
            "CASE u.r_level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, u.r_due_at) AS r_rank "
            f"FROM ({union}) u"
        )
        params = [param for part in parts for param in part.params]
        return SqlRows(f"SELECT * FROM ({ranked}) w WHERE w.r_rank = 1", params)  # noqa: S608

    def explain(self, row, changes, calendar, ctx):
        step = copy.copy(self)
        step.step = row["base_value"]
        step.act_label = STEP_ACTS.get(row["base_value"], self.act_label)
        step.start_label = STEP_STARTS.get(row["base_value"], self.start_label)
        return DeadlineRule.explain(step, row, changes, calendar, ctx)
