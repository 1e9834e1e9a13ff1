import datetime

from django.db.models import BooleanField, F, IntegerField, Q, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AdminCaseType, AdminDecision, CaseKind, ElementType
from cases.models import Case

from ...deadlines import LOCAL_TZ, deadline_sql
from .. import register
from ..base import BASE_COLUMNS, DeadlineRule, LegalBasis, Param, PeriodUnit, SqlRows
from ..common import (
    ADMIN_PENALTY_LAW,
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    earliest,
    lead_officer,
)

# The revised public-order law governs acts committed from its entry into force.
REVISED_LAW_FROM = datetime.datetime.combine(
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE, datetime.time(0), tzinfo=LOCAL_TZ
)


@register
class LimitationPeriodRisk(DeadlineRule):
    ref = "AJ30"
    code = "limitation_period_risk"
    name = _("Limitation period for punishing an administrative violation at risk")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 22"), valid_to=datetime.date(2025, 12, 31)),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("limitation of public-order violations (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
        LegalBasis(ADMIN_RULES, _("Art. 154")),
        LegalBasis(ADMIN_PENALTY_LAW, _("Art. 36")),
    )
    confidence = "P"
    description = _(
        "A violation the police did not discover within the limitation period may no longer be "
        "punished: 6 months for public-order (治安) violations, 2 years for other administrative "
        "violations, counted from the day of the act, or from its end when it was continuing (the "
        "case's act dates). It is discovered when it was reported, else accepted as a case. Months "
        "are calendar months (start day not counted; a last day on a rest day or holiday rolls over). "
        "Red when a penalty was decided on a violation discovered after the limitation; yellow while "
        "such a case is still open (it should end without a penalty — or its act date is wrong in "
        "the data). The 5-year period for violations harming life, health or financial safety is not "
        "told apart by the data, so such cases may show here between 2 and 5 years: check them. The "
        "periods are parameters; for acts from 2026-01-01 the revised public-order law applies, whose "
        "period is taken as the same 6 months until confirmed."
    )
    start_label = gettext_noop("act committed or ended")
    limit = (6, PeriodUnit.MONTHS)
    act_label = ""
    officer = lead_officer()
    case = "pk"
    label = "number"
    thresholds = {}
    params = {
        "public_order_months": Param(6, _("Public-order violations before 2026 (months)")),
        "public_order_months_2026": Param(
            6,
            _("Public-order violations from 2026-01-01 (months)"),
            help=_("Revised law: not yet confirmed."),
        ),
        "other_months": Param(24, _("Other administrative violations (months)")),
    }

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE)

    def start_expression(self, ctx):
        return Coalesce("act_ended_at", "act_occurred_at")

    def act_expression(self, ctx):
        return earliest("reported_at", "accepted_at")

    def limit_expression(self, ctx):
        months = CaseWhen(
            When(
                admin_type=AdminCaseType.PUBLIC_ORDER,
                rule_start__lt=REVISED_LAW_FROM,
                then=Value(ctx.param("public_order_months")),
            ),
            When(admin_type=AdminCaseType.PUBLIC_ORDER, then=Value(ctx.param("public_order_months_2026"))),
            default=Value(ctx.param("other_months")),
            output_field=IntegerField(),
        )
        return months, PeriodUnit.MONTHS

    def rows(self, ctx):
        as_of = ctx.as_of
        value, unit = self.limit_expression(ctx)
        shortest = min(ctx.param(name) for name in self.params)
        penalised = Q(decision=AdminDecision.PENALTY, decided_at__lte=as_of)
        still_open = (
            (Q(decided_at__isnull=True) | Q(decided_at__gt=as_of))
            & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=as_of))
            & (Q(transferred_out_at__isnull=True) | Q(transferred_out_at__gt=as_of))
        )
        base = (
            self.base_queryset(ctx)
            .annotate(rule_start=self.start_expression(ctx), act_at=self.act_expression(ctx))
            .filter(rule_start__isnull=False, rule_start__lte=as_of, act_at__isnull=False, act_at__lte=as_of)
            # A calendar month has at least 28 days: cases discovered sooner cannot be barred.
            .filter(act_at__gt=F("rule_start") + datetime.timedelta(days=28 * shortest))
            .filter(penalised | still_open)
            .annotate(
                base_value=value,
                penalised=CaseWhen(
                    When(penalised, then=Value(True)), default=Value(False), output_field=BooleanField()
                ),
                **self.routing(),
            )
            .order_by()
            .values(*BASE_COLUMNS, "rule_start", "act_at", "base_value", "penalised")
        )
        base_sql, base_params = base.query.sql_with_params()
        sql, params = deadline_sql(
            base_sql,
            base_params,
            unit=unit,
            as_of=as_of,
            custody=False,
            month_end=self.month_end,
            units=(unit,),
        )
        select = (
            f"SELECT {', '.join('q.' + c for c in BASE_COLUMNS)}, "  # noqa: S608
            "CASE WHEN q.penalised THEN 'red' ELSE 'yellow' END AS r_level, FALSE AS r_late, "
            "q.act_at AS r_act_at, q.dl_start AS r_start_at, q.dl_due AS r_due_at, "
            "q.dl_cal_missing AS r_calendar_missing, q.rule_start AS r_base_start, "
            f"q.base_value AS r_base_value, '{PeriodUnit(unit).value}' AS r_base_unit, "
            "q.dl_value AS r_limit_value, q.dl_unit AS r_limit_unit "
            f"FROM ({sql}) q WHERE q.dl_due IS NOT NULL AND q.act_at > q.dl_due"
        )
        return SqlRows(select, params)

    def explain(self, row, changes, calendar, ctx):
        steps, due = super().explain(row, changes, calendar, ctx)
        steps.append(
            {
                "t": "start",
                "event": gettext_noop("discovered (reported or accepted)"),
                "at": row["act_at"].isoformat(),
            }
        )
        return steps, due
