"""The same arithmetic as ``compute.py``, as database expressions, so that a risk point is
one set-based query whatever the number of rows.

``annotate_deadline`` adds to a queryset of elements the period in force, the due time
and the calendar flag of each row, reading the clock's ``LimitChange`` rows and joining
the ``CalendarDay`` table — the same rows the Python snapshot reads. The expressions
compile on PostgreSQL (production, tests) and on SQLite (the embedded demo; there, sub-
second precision of computed times is dropped and Asia/Shanghai is taken as UTC+8, which
it has been since 1991). ``tests/alerts/test_deadline_agreement.py`` checks that both
sides agree on random inputs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate

from cases.choices import LimitChangeKind
from cases.models import LimitChange

from .compute import LOCAL_TZ, UNIT_SECONDS, MonthEnd, PeriodUnit


def LocalDate(expression) -> TruncDate:
    """The Asia/Shanghai calendar date of an aware datetime."""
    return TruncDate(expression, tzinfo=LOCAL_TZ)


class _VendorFunc(Func):
    """A function written once per vendor: subclasses give ``pg`` and ``sqlite`` templates
    over the compiled arguments ``a``, ``b`` …"""

    pg: str = ""
    sqlite: str = ""

    def _render(self, template: str, compiler, connection):
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        names = "abcdefgh"
        # An argument may appear several times in a template: repeat its params in order.
        params: list = []
        for match in re.finditer(r"\{([a-h])\}", template):
            params.extend(compiled[names.index(match.group(1))][1])
        return template.format(**{names[i]: sql for i, (sql, _p) in enumerate(compiled)}), params

    def as_postgresql(self, compiler, connection, **extra):
        return self._render(self.pg, compiler, connection)

    def as_sqlite(self, compiler, connection, **extra):
        return self._render(self.sqlite, compiler, connection)


class AddDays(_VendorFunc):
    output_field = DateField()
    pg = "(({a})::date + ({b})::integer)"
    sqlite = "date({a}, CAST(({b}) AS TEXT) || ' days')"


class DaysBetween(_VendorFunc):
    output_field = IntegerField()
    pg = "(({b})::date - ({a})::date)"
    sqlite = "CAST(ROUND(julianday({b}) - julianday({a})) AS INTEGER)"


class SecondsBetween(_VendorFunc):
    output_field = FloatField()
    pg = "EXTRACT(EPOCH FROM (({b}) - ({a})))"
    sqlite = "((julianday({b}) - julianday({a})) * 86400.0)"


class AddSeconds(_VendorFunc):
    output_field = DateTimeField()
    pg = "(({a}) + ({b}) * INTERVAL '1 second')"
    sqlite = "datetime({a}, CAST(({b}) AS TEXT) || ' seconds')"


class EndOfDay(_VendorFunc):
    """24:00 of a local date as an aware instant."""

    output_field = DateTimeField()
    pg = "((({a})::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
    sqlite = "datetime({a}, '+1 day', '-8 hours')"


class AddMonthsClamp(_VendorFunc):
    output_field = DateField()
    pg = "(({a})::date + make_interval(months => ({b})::integer))::date"
    sqlite = (
        "CASE WHEN strftime('%%d', date({a}, CAST(({b}) AS TEXT) || ' months')) = strftime('%%d', {a}) "
        "THEN date({a}, CAST(({b}) AS TEXT) || ' months') "
        "ELSE date({a}, 'start of month', CAST(({b}) + 1 AS TEXT) || ' months', '-1 day') END"
    )


class AddMonthsNextDay(_VendorFunc):
    output_field = DateField()
    pg = (
        "((({a})::date + make_interval(months => ({b})::integer))::date + CASE WHEN "
        "EXTRACT(DAY FROM (({a})::date + make_interval(months => ({b})::integer))) "
        "<> EXTRACT(DAY FROM ({a})::date) THEN 1 ELSE 0 END)"
    )
    sqlite = (
        "CASE WHEN strftime('%%d', date({a}, CAST(({b}) AS TEXT) || ' months')) = strftime('%%d', {a}) "
        "THEN date({a}, CAST(({b}) AS TEXT) || ' months') "
        "ELSE date({a}, 'start of month', CAST(({b}) + 1 AS TEXT) || ' months') END"
    )


def add_months(date_expression, months, month_end: str):
    cls = AddMonthsNextDay if month_end == MonthEnd.NEXT_DAY else AddMonthsClamp
    return cls(date_expression, months)


@dataclass(frozen=True)
class ClockSpec:
    """Which ``LimitChange`` rows version this period: the clock, and the field of
    ``LimitChange`` that points at the element (``case``, ``measure`` or ``property``)."""

    clock: str
    fk: str


def _calendar(column: str, date_ref):
    from ..models import CalendarDay

    return Subquery(CalendarDay.objects.filter(date=date_ref).values(column)[:1])


def annotate_deadline(
    qs: QuerySet,
    *,
    start,
    value,
    unit: str,
    as_of: datetime.datetime,
    custody: bool = False,
    clock: ClockSpec | None = None,
    month_end: str = MonthEnd.CLAMP,
    units: Sequence[str] | None = None,
) -> QuerySet:
    """Annotate ``qs`` with ``dl_base_start``, ``dl_start``, ``dl_value``, ``dl_unit``,
    ``dl_stopped``, ``dl_due`` and ``dl_cal_missing`` (see ``compute.compute_deadline``)."""
    units = tuple(units or (unit,))
    value = value if hasattr(value, "resolve_expression") else Value(value)
    qs = qs.annotate(dl_base_start=start)
    if clock is None:
        qs = qs.annotate(
            dl_start=F("dl_base_start"),
            dl_value=ExpressionWrapper(value, output_field=IntegerField()),
            dl_unit=Value(unit),
            dl_stopped=Value(False, output_field=BooleanField()),
            dl_susp_days=Value(0),
            dl_susp_secs=Value(0.0, output_field=FloatField()),
        )
    else:
        changes = LimitChange.objects.filter(
            **{clock.fk: OuterRef("pk")}, clock=clock.clock, effective_at__lte=as_of
        )
        restart = changes.filter(kind=LimitChangeKind.RESTART).order_by("-effective_at", "-pk")
        qs = qs.annotate(dl_start=Coalesce(Subquery(restart.values("effective_at")[:1]), F("dl_base_start")))
        extension = changes.filter(
            kind=LimitChangeKind.EXTENSION,
            approved_at__isnull=False,
            new_limit_value__isnull=False,
            effective_at__gte=OuterRef("dl_start"),
        ).order_by("-effective_at", "-pk")
        ends = LimitChange.objects.filter(
            **{clock.fk: OuterRef(clock.fk)},
            clock=clock.clock,
            kind=LimitChangeKind.SUSPENSION_END,
            effective_at__gte=OuterRef("effective_at"),
            effective_at__lte=as_of,
        ).order_by("effective_at", "pk")
        suspensions = changes.filter(
            kind=LimitChangeKind.SUSPENSION_START, effective_at__gte=OuterRef("dl_start")
        ).annotate(susp_end=Subquery(ends.values("effective_at")[:1]))
        totals = suspensions.order_by().values(clock.fk)
        qs = qs.annotate(
            dl_value=Coalesce(
                Subquery(extension.values("new_limit_value")[:1]), value, output_field=IntegerField()
            ),
            dl_unit=Coalesce(
                NullIf(Subquery(extension.values("new_limit_unit")[:1]), Value("")), Value(unit)
            ),
            dl_stopped=Exists(suspensions.filter(susp_end__isnull=True)),
            dl_susp_days=Coalesce(
                Subquery(
                    totals.annotate(
                        total=Sum(DaysBetween(LocalDate("effective_at"), LocalDate("susp_end")))
                    ).values("total")[:1]
                ),
                Value(0),
            ),
            dl_susp_secs=Coalesce(
                Subquery(
                    totals.annotate(total=Sum(SecondsBetween("effective_at", "susp_end"))).values("total")[:1]
                ),
                Value(0.0),
                output_field=FloatField(),
            ),
        )

    due_by_unit, missing_by_unit = {}, {}
    for each in units:
        each = PeriodUnit(each)
        if each in (PeriodUnit.MINUTES, PeriodUnit.HOURS):
            due_by_unit[each] = AddSeconds(
                F("dl_start"), F("dl_value") * Value(UNIT_SECONDS[each]) + F("dl_susp_secs")
            )
            missing_by_unit[each] = Value(False)
        elif each == PeriodUnit.WORKING_DAYS:
            qs = qs.annotate(dl_wd_base=AddDays(LocalDate("dl_start"), F("dl_susp_days")))
            qs = qs.annotate(
                dl_wd_seq=_calendar("workday_seq", OuterRef("dl_wd_base")),
                dl_wd_base_unknown=_calendar("unknown_seq", OuterRef("dl_wd_base")),
                dl_wd_base_known=_calendar("known", OuterRef("dl_wd_base")),
            )
            from ..models import CalendarDay

            target = CalendarDay.objects.filter(
                is_workday=True, workday_seq=OuterRef("dl_wd_seq") + OuterRef("dl_value")
            )
            qs = qs.annotate(
                dl_wd_day=Coalesce(
                    Subquery(target.values("date")[:1]),
                    AddDays(F("dl_wd_base"), F("dl_value")),
                    output_field=DateField(),
                ),
                dl_wd_target_unknown=Subquery(target.values("unknown_seq")[:1]),
            )
            due_by_unit[each] = EndOfDay(F("dl_wd_day"))
            missing_by_unit[each] = Case(
                When(
                    Q(dl_wd_base_known=True, dl_wd_target_unknown=F("dl_wd_base_unknown")), then=Value(False)
                ),
                default=Value(True),
            )
        else:
            start_day = LocalDate("dl_start")
            last = (
                add_months(start_day, F("dl_value"), month_end)
                if each == PeriodUnit.MONTHS
                else AddDays(start_day, F("dl_value"))
            )
            name = f"dl_last_{each.value}"
            qs = qs.annotate(**{name: AddDays(last, F("dl_susp_days"))})
            if custody:
                due_by_unit[each] = EndOfDay(F(name))
                missing_by_unit[each] = Value(False)
            else:
                due_by_unit[each] = EndOfDay(
                    Coalesce(_calendar("next_workday", OuterRef(name)), F(name), output_field=DateField())
                )
                missing_by_unit[each] = Case(
                    When(Q(**{f"{name}_roll_known": True}), then=Value(False)), default=Value(True)
                )
                qs = qs.annotate(**{f"{name}_roll_known": _calendar("roll_known", OuterRef(name))})

    if len(units) == 1:
        due, missing = due_by_unit[PeriodUnit(units[0])], missing_by_unit[PeriodUnit(units[0])]
    else:
        due = Case(
            *[When(dl_unit=u.value, then=expr) for u, expr in due_by_unit.items()],
            output_field=DateTimeField(),
        )
        missing = Case(
            *[When(dl_unit=u.value, then=expr) for u, expr in missing_by_unit.items()],
            output_field=BooleanField(),
        )
    return qs.annotate(
        dl_due=ExpressionWrapper(due, output_field=DateTimeField()),
        dl_cal_missing=ExpressionWrapper(missing, output_field=BooleanField()),
    )
