"""How a risk point is declared.

A risk point is a class with its catalogue identity (``ref``, ``code``, names, element,
legal basis, description, confidence, effective range), its default thresholds and
parameters, and **one set-based query** (``rows``) returning every element that is
approaching or in breach, with its level. Two kinds cover almost the whole catalogue:

* ``DeadlineRule`` — a required act must be recorded within a statutory period. Declare
  the start, the limit, the clock (for extensions, suspensions and restarts), whether it
  is a custody period, and the act; the framework computes the deadline with the
  deadline module (``alerts.deadlines``), the level from the thresholds, and "red" only
  when the act is missing at the deadline (or was recorded after it).
* ``DetectionRule`` — a defect that is red as soon as it is in the data (a missing
  signature), with an optional grace time.

Anything else overrides ``rows`` and returns the same columns (see ``ROW_FIELDS``).
``alerts/rules/README.md`` is the guide.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from django.db.models import (
    BooleanField,
    CharField,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.dateparse import parse_datetime

from cases.models import LimitChange

from ..choices import Confidence, Level
from ..deadlines import (
    Calendar,
    Change,
    ClockSpec,
    Limit,
    LocalDate,
    MonthEnd,
    PeriodUnit,
    compute_deadline,
)
from ..deadlines.sql import Dialect, _word, deadline_sql, execute

# The columns every rule's query returns (``rows``): what the patrol upserts.
ROW_FIELDS = (
    "element_id",
    "unit_id",
    "officer_id",
    "case_id",
    "label",
    "level",
    "start_at",
    "due_at",
    "act_at",
    "late",
    "calendar_missing",
    "base_start",
    "base_value",
    "base_unit",
    "limit_value",
    "limit_unit",
)

# In SQL the columns carry an ``r_`` prefix so they never clash with a model's own fields.
ROW_COLUMNS = tuple(f"r_{name}" for name in ROW_FIELDS)
# Stands for "not recorded" where a comparison needs a value (far beyond any deadline).
FAR_FUTURE = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)
BASE_COLUMNS = ("r_element_id", "r_unit_id", "r_officer_id", "r_case_id", "r_label")

# --------------------------------------------------------------------------------------
# Durations in thresholds and parameters: "2d", "12h", "30min", "1d12h", "0".

_DURATION = re.compile(r"(\d+)\s*(d|h|min|m)")
_UNIT_MINUTES = {"d": 1440, "h": 60, "min": 1, "m": 1}


def parse_duration(text: str | int | None) -> int | None:
    """Minutes in a duration written as ``2d``, ``12h``, ``30min``, ``1d12h`` or ``0``.
    ``None`` or an empty string means "no such level"."""
    if text is None:
        return None
    if isinstance(text, int):
        return text
    text = str(text).strip().lower().replace(" ", "")
    if text in ("", "-", "none"):
        return None
    if text.isdigit():
        return int(text)
    pos, total = 0, 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            raise ValueError(text)
        total += int(match.group(1)) * _UNIT_MINUTES[match.group(2)]
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ValueError(text)
    return total


def format_duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes == 0:
        return "0"
    parts = []
    for suffix, size in (("d", 1440), ("h", 60), ("min", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{suffix}")
            minutes %= size
    return "".join(parts)


_PERIOD_KEY = re.compile(r"^(\d+)(min|h|wd|d|m)$")
_KEY_UNIT = {
    "min": PeriodUnit.MINUTES,
    "h": PeriodUnit.HOURS,
    "d": PeriodUnit.DAYS,
    "wd": PeriodUnit.WORKING_DAYS,
    "m": PeriodUnit.MONTHS,
}


def parse_period_key(key: str) -> tuple[int, str] | None:
    """``"30d"`` → ``(30, "days")``; ``"*"`` (any period) → ``None``."""
    match = _PERIOD_KEY.match(key)
    if match is None:
        return None
    return int(match.group(1)), _KEY_UNIT[match.group(2)].value


# --------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class LegalBasis:
    """A law and article shown to users. ``valid_from``/``valid_to`` restrict it to
    periods starting in that range (e.g. the 2012 and the 2026 public-order law)."""

    law: Any
    article: Any = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def __str__(self) -> str:
        return f"{self.law} {self.article}".strip()

    def applies_on(self, day: datetime.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Band:
    """Default thresholds for one period length: how long *before* the due time blue and
    yellow start (``None``: no such level), and the grace *after* it before red."""

    blue: str | None = None
    yellow: str | None = None
    red: str = "0"

    def as_config(self) -> dict:
        return {
            "blue": parse_duration(self.blue),
            "yellow": parse_duration(self.yellow),
            "red": parse_duration(self.red),
        }


@dataclass(frozen=True)
class Param:
    """A rule parameter the legal-affairs unit may change (a local limit, a window)."""

    default: Any
    label: Any
    help: Any = ""
    kind: str = "int"  # int | duration | choice | bool
    choices: tuple = ()

    def clean(self, value):
        if self.kind == "int":
            number = int(value)
            if number < 0:
                raise ValueError(value)
            return number
        if self.kind == "duration":
            minutes = parse_duration(value)
            if minutes is None:
                raise ValueError(value)
            return format_duration(minutes)
        if self.kind == "bool":
            return value in (True, "true", "on", "1", 1)
        if self.kind == "choice":
            if value not in [c[0] for c in self.choices]:
                raise ValueError(value)
            return value
        return value


@dataclass
class RuleContext:
    """Everything a rule's query may read besides the data: the evaluation instant, the
    window for late acts, the configuration in force and the narrowing of this run."""

    as_of: datetime.datetime
    late_since: datetime.datetime
    thresholds: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    unit: Any = None  # a Unit: only its subtree
    since: datetime.datetime | None = None  # only elements changed since

    def param(self, name: str):
        return self.params[name]


class RiskPointRule:
    """Base of every risk point. Subclasses set the class attributes and either inherit
    ``rows`` from ``DeadlineRule`` / ``DetectionRule`` or write their own."""

    ref: ClassVar[str]
    code: ClassVar[str]
    name: ClassVar[Any]
    element: ClassVar[str]
    model: ClassVar[type[Model]]
    basis: ClassVar[tuple[LegalBasis, ...]] = ()
    description: ClassVar[Any] = ""
    confidence: ClassVar[str] = Confidence.PRIMARY
    effective_from: ClassVar[datetime.date | None] = None
    effective_to: ClassVar[datetime.date | None] = None
    red_only: ClassVar[bool] = False
    thresholds: ClassVar[dict[str, Band]] = {}
    params: ClassVar[dict[str, Param]] = {}

    # Routing: the owning unit (scoping), the responsible officer and the case of an element.
    unit_field: ClassVar[str] = "unit"
    officer: ClassVar[Any] = None  # expression giving the officer id, or None
    case: ClassVar[Any] = "case_id"  # expression giving the case id, or None
    label: ClassVar[Any] = "external_id"  # expression giving a short label of the element
    # Child rows whose change counts as a change of the element for ``--since``:
    # (model, field pointing at the element).
    related_changes: ClassVar[tuple[tuple[type[Model], str], ...]] = ()

    # -- configuration -------------------------------------------------------------------

    def default_thresholds(self) -> dict:
        return {key: band.as_config() for key, band in self.thresholds.items()}

    def default_params(self) -> dict:
        return {name: p.default for name, p in self.params.items()}

    def config(self, thresholds: dict | None, params: dict | None) -> tuple[dict, dict]:
        """The configuration in force: stored values over the defaults."""
        merged_thresholds = self.default_thresholds()
        for key, value in (thresholds or {}).items():
            if key in merged_thresholds or parse_period_key(key) or key == "*":
                merged_thresholds[key] = {**merged_thresholds.get(key, {}), **value}
        merged_params = self.default_params()
        merged_params.update({k: v for k, v in (params or {}).items() if k in self.params})
        return merged_thresholds, merged_params

    # -- the query ------------------------------------------------------------------------

    def base_queryset(self, ctx: RuleContext) -> QuerySet:
        """The population the rule watches, narrowed to this run's unit and ``since``."""
        qs = self.model._default_manager.all()
        if ctx.unit is not None:
            qs = qs.in_unit_subtree(ctx.unit)
        if ctx.since is not None:
            qs = qs.filter(self.since_q(ctx.since))
        return qs.filter(self.applies(ctx))

    def applies(self, ctx: RuleContext) -> Q:
        """Which elements the rule is about (override)."""
        return Q()

    def since_q(self, since: datetime.datetime) -> Q:
        q = Q(updated_at__gte=since)
        for model, fk in self.related_changes:
            q |= Q(pk__in=model._default_manager.filter(updated_at__gte=since).values(fk))
        return q

    def routing(self) -> dict:
        def expr(value):
            if value is None:
                return Value(None, output_field=IntegerField())
            return F(value) if isinstance(value, str) else value

        return {
            "r_element_id": F("pk"),
            "r_unit_id": F(f"{self.unit_field}_id"),
            "r_officer_id": expr(self.officer),
            "r_case_id": expr(self.case),
            "r_label": Cast(expr(self.label), output_field=CharField()),
        }

    def rows(self, ctx: RuleContext) -> QuerySet:
        raise NotImplementedError

    def evaluate(self, ctx: RuleContext) -> list[dict]:
        """The rows of ``rows(ctx)`` as dicts keyed by ``ROW_FIELDS``."""
        rows = self.rows(ctx)
        fetched = rows.fetch() if isinstance(rows, SqlRows) else rows.values(*ROW_COLUMNS)
        return [{name[2:]: row[name] for name in ROW_COLUMNS} for row in fetched]

    # -- when the result can change without the data changing ----------------------------

    def time_independent(self, ctx: RuleContext) -> tuple[str, tuple] | None:
        """Whether the rule's result on unchanged data moves only at the instants
        ``evaluate_with_next`` reports: its own query (SQL, params) if so, else ``None``. A
        rule with its own ``rows`` may count windows or repeats against the evaluation
        instant in any way: it is evaluated every time."""
        return None

    def framework_tables(self) -> tuple[str, ...]:
        """Tables the framework's part of the query reads besides the rule's own."""
        return ()

    def evaluate_with_next(self, ctx: RuleContext) -> tuple[list[dict], datetime.datetime | None]:
        """``evaluate`` plus the earliest instant after ``ctx.as_of`` at which a row may
        appear, change level or go away on unchanged data (``None``: never). Only called
        when ``time_independent``; the instant is computed in the same query."""
        raise NotImplementedError

    def _own_query_sql(self, ctx: RuleContext, query: QuerySet) -> tuple[str, tuple]:
        return query.order_by().query.sql_with_params()

    def _independent_of_instant(self, ctx: RuleContext, build) -> tuple[str, tuple] | None:
        """The rule's own part of the query (population, start, act, limit, routing)
        compiled for two evaluation instants: the same text and params mean the instant
        enters only through the framework's comparisons, whose transitions are known."""
        if getattr(self.evaluate, "__func__", None) is not RiskPointRule.evaluate:
            return None  # evaluated some other way: only through it
        later = replace(ctx, as_of=ctx.as_of + datetime.timedelta(days=1, seconds=1))
        try:
            own = self._own_query_sql(ctx, build(ctx))
            return own if own == self._own_query_sql(later, build(later)) else None
        except Exception:  # a rule that cannot be compiled apart is always evaluated
            return None

    # -- explanation (Python, only for the rows that changed) -----------------------------

    def changes_for(self, element_ids: Iterable[int]) -> dict[int, list[Change]]:
        return {}

    def explain(
        self, row: dict, changes: list[Change], calendar: Calendar, ctx: RuleContext
    ) -> tuple[list, Any]:
        """(steps, Python due) for one row."""
        return [{"t": "note", "text": ""}], None

    def basis_for(self, day: datetime.date | None) -> list[LegalBasis]:
        return [b for b in self.basis if b.applies_on(day)] or list(self.basis)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.ref} {self.code}>"


def _level_sql(ctx: RuleContext, d, due: str = "q.dl_due") -> str:
    """The level of a pending row, per period key: red after the grace, yellow and blue from
    their lead times before the due time. Thresholds are constants of this evaluation, so
    each comparison is the row's due time against a literal instant."""

    def levels(config: dict) -> str:
        red = config.get("red") or 0
        whens = [f"WHEN {due} < {d.timestamp(ctx.as_of - datetime.timedelta(minutes=red))} THEN 'red'"]
        for level in ("yellow", "blue"):
            if config.get(level) is not None:
                moment = d.timestamp(ctx.as_of + datetime.timedelta(minutes=config[level]))
                whens.append(f"WHEN {due} <= {moment} THEN '{level}'")
        return f"CASE {' '.join(whens)} ELSE NULL END"

    specific = []
    for key, config in ctx.thresholds.items():
        parsed = parse_period_key(key)
        if parsed:
            band = f"q.dl_value = {int(parsed[0])} AND q.dl_unit = '{PeriodUnit(parsed[1]).value}'"
            specific.append(f"WHEN {band} THEN {levels(config)}")
    default = levels(ctx.thresholds.get("*", {"red": 0}))
    if not specific:
        return default
    return f"CASE {' '.join(specific)} ELSE {default} END"


class SqlRows:
    """A rule's composed query (SQL text and params), fetched as row dicts."""

    DATETIMES = ("r_act_at", "r_start_at", "r_due_at", "r_base_start")
    BOOLEANS = ("r_late", "r_calendar_missing")

    def __init__(self, sql: str, params: list):
        self.sql, self.params = sql, params
        self.next_at: datetime.datetime | None = None

    def fetch(self) -> list[dict]:
        rows = execute(self.sql, self.params)
        if rows and "r_next" in rows[0]:
            # The query ends with one summary row (no element) holding the next transition.
            summary = [row for row in rows if row["r_element_id"] is None]
            rows = [row for row in rows if row["r_element_id"] is not None]
            self.next_at = _as_datetime(summary[0]["r_next"]) if summary else None
        for row in rows:
            for name in self.DATETIMES:
                row[name] = _as_datetime(row.get(name))
            for name in self.BOOLEANS:
                row[name] = bool(row.get(name))
        return rows


def _as_datetime(value):
    """PostgreSQL gives aware datetimes; SQLite gives UTC text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):  # SQLite hands stored columns back naive, in UTC
        return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
    parsed = parse_datetime(str(value))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


class DeadlineRule(RiskPointRule):
    """A required act must be recorded within a period. Declare:

    ``start`` (field or expression: when the period starts), ``start_label``
    (``gettext_noop``), ``limit`` (``(value, unit)``) or ``limit_expression``,
    ``custody`` (no holiday roll-over), ``clock`` (a ``ClockSpec`` for extensions,
    suspensions and restarts), ``act`` (field or expression: when the required act was
    recorded, ``None`` when missing) and ``act_label``.
    """

    start: ClassVar[Any]
    start_label: ClassVar[str] = ""
    limit: ClassVar[tuple[int, str]]
    units: ClassVar[tuple[str, ...] | None] = None
    custody: ClassVar[bool] = False
    clock: ClassVar[ClockSpec | None] = None
    act: ClassVar[Any] = None
    act_label: ClassVar[str] = ""
    month_end: ClassVar[str] = MonthEnd.CLAMP
    # The act is due this long *before* the period ends (a duration: RY16's extension request
    # 7 days before custody expires); ``None``: at the end.
    due_before: ClassVar[str | None] = None

    def start_expression(self, ctx: RuleContext):
        return F(self.start) if isinstance(self.start, str) else self.start

    def limit_expression(self, ctx: RuleContext) -> tuple[Any, str]:
        """(value expression, unit) of the base limit, before any extension."""
        return Value(self.limit[0]), self.limit[1]

    def act_expression(self, ctx: RuleContext):
        if self.act is None:
            return Value(None, output_field=DateTimeField())
        return F(self.act) if isinstance(self.act, str) else self.act

    def unit_choices(self, base_unit: str) -> tuple[str, ...]:
        """The units the period may take: the base unit, or ``units`` when an extension may
        change it (the SQL computes only these)."""
        return tuple(self.units or (base_unit,))

    def _own_query(self, ctx: RuleContext) -> QuerySet:
        value, _unit = self.limit_expression(ctx)
        return self.base_queryset(ctx).annotate(
            rule_start=self.start_expression(ctx),
            act_at=self.act_expression(ctx),
            base_value=value,
            **self.routing(),
        )

    def time_independent(self, ctx: RuleContext) -> tuple[str, tuple] | None:
        if type(self).rows is not DeadlineRule.rows:
            return None
        return self._independent_of_instant(ctx, self._own_query)

    def framework_tables(self) -> tuple[str, ...]:
        from ..models import CalendarDay

        return (LimitChange._meta.db_table, CalendarDay._meta.db_table)

    def evaluate_with_next(self, ctx: RuleContext) -> tuple[list[dict], datetime.datetime | None]:
        rows = self.rows(ctx, with_next=True)
        fetched = rows.fetch()
        return [{name[2:]: row[name] for name in ROW_COLUMNS} for row in fetched], rows.next_at

    def rows(self, ctx: RuleContext, with_next: bool = False) -> SqlRows:
        value, unit = self.limit_expression(ctx)
        qs = self.base_queryset(ctx).annotate(
            rule_start=self.start_expression(ctx), act_at=self.act_expression(ctx)
        )
        qs = qs.filter(rule_start__isnull=False)
        if not with_next:
            # (With the next transition, elements that start later are kept for its minimum
            # and left out of the rows below.)
            qs = qs.filter(rule_start__lte=ctx.as_of)
        # History cannot warn: only elements whose act is missing (or came after the evaluation
        # instant), or came within the late window, go on to the deadline arithmetic.
        # (One comparison, so the act — often a subquery — is computed once per row here.)
        qs = qs.alias(act_key=Coalesce("act_at", Value(FAR_FUTURE), output_field=DateTimeField())).filter(
            act_key__gte=ctx.late_since
        )
        if self.effective_from is not None:
            qs = qs.filter(rule_start__gte=_midnight(self.effective_from))
        if self.effective_to is not None:
            qs = qs.filter(rule_start__lt=_midnight(self.effective_to + datetime.timedelta(days=1)))
        base = (
            qs.annotate(base_value=value, **self.routing())
            .order_by()
            .values(*BASE_COLUMNS, "rule_start", "act_at", "base_value")
        )
        base_sql, base_params = base.query.sql_with_params()
        sql, params = deadline_sql(
            base_sql,
            base_params,
            unit=unit,
            as_of=ctx.as_of,
            custody=self.custody,
            clock=self.clock,
            month_end=ctx.params.get("month_end", self.month_end),
            units=self.unit_choices(unit),
        )
        d = Dialect()
        if self.due_before:  # the period's end moved earlier by a fixed lead (whole seconds)
            lead = parse_duration(self.due_before) * 60
            sql = f"SELECT o1.*, {d.add_seconds('o1.dl_due', str(-lead))} AS dl_act_due FROM ({sql}) o1"  # noqa: S608
            due = "q.dl_act_due"
        else:
            due = "q.dl_due"
        as_of = d.timestamp(ctx.as_of)
        pending = f"(q.act_at IS NULL OR q.act_at > {as_of})"
        red_grace = ctx.thresholds.get("*", {}).get("red") or 0
        late = (
            f"(q.act_at <= {as_of} AND q.act_at >= {d.timestamp(ctx.late_since)} "
            f"AND q.act_at > {d.add_seconds(due, str(red_grace * 60))})"
        )
        level = f"CASE WHEN {pending} THEN {_level_sql(ctx, d, due)} WHEN {late} THEN 'red' ELSE NULL END"
        # Composed from code constants, instants formatted by the backend and the ORM-compiled
        # base query (whose params travel separately): no user input in the text.
        select = (
            f"SELECT {', '.join('q.' + c for c in BASE_COLUMNS)}, {level} AS r_level, "  # noqa: S608
            f"CASE WHEN {pending} THEN FALSE ELSE TRUE END AS r_late, q.act_at AS r_act_at, "
            f"q.dl_start AS r_start_at, {due} AS r_due_at, q.dl_cal_missing AS r_calendar_missing, "
            "q.rule_start AS r_base_start, q.base_value AS r_base_value, "
            f"'{PeriodUnit(unit).value}' AS r_base_unit, "
            "q.dl_value AS r_limit_value, q.dl_unit AS r_limit_unit "
            f"FROM ({sql}) q WHERE q.dl_due IS NOT NULL"
        )
        if not with_next:
            return SqlRows(f"SELECT * FROM ({select}) z WHERE z.r_level IS NOT NULL", params)  # noqa: S608
        return SqlRows(*self._with_next(ctx, d, sql, params, select, due, pending))

    def _with_next(self, ctx, d, sql: str, params: list, select: str, due: str, pending: str):
        """The rows, then one summary row: the earliest instant after the evaluation instant
        at which, on unchanged data, an element starts, its act falls due, its level changes
        (every lead and grace of every period key: earlier is only safer), or an extension,
        suspension or restart recorded for later takes effect."""
        as_of = d.timestamp(ctx.as_of)
        moments = {0}
        for config in ctx.thresholds.values():
            for name in ("blue", "yellow"):
                if config.get(name) is not None:
                    moments.add(-config[name])
            moments.add(config.get("red") or 0)
        instants = [
            f"CASE WHEN {pending} THEN {d.add_seconds(due, str(m * 60))} END" for m in sorted(moments)
        ]
        instants += ["q.act_at", "q.rule_start"]
        # PostgreSQL's LEAST ignores NULLs (this path runs only there).
        later = ", ".join(f"CASE WHEN ({i}) > {as_of} THEN ({i}) END" for i in instants)
        select = select.replace(
            f"FROM ({sql}) q WHERE q.dl_due IS NOT NULL",
            f", LEAST({later}) AS r_next_row FROM ({sql}) q "
            f"WHERE q.dl_due IS NOT NULL OR q.rule_start > {as_of}",
        )
        clock_next = "NULL"
        if self.clock is not None:
            table = LimitChange._meta.db_table
            clock_next = (
                f"(SELECT MIN(lc.effective_at) FROM {table} lc WHERE lc.clock = {_word(self.clock.clock)} "  # noqa: S608
                f"AND lc.effective_at > {as_of})"
            )
        columns = ", ".join(ROW_COLUMNS)
        nulls = ", ".join(f"NULL AS {c}" for c in ROW_COLUMNS)
        wrapped = (
            f"WITH z AS {d.materialized}({select}) "  # noqa: S608
            f"SELECT {columns}, NULL AS r_next FROM z WHERE z.r_level IS NOT NULL "
            f"AND z.r_base_start <= {as_of} UNION ALL "
            f"SELECT {nulls}, LEAST((SELECT MIN(z.r_next_row) FROM z), {clock_next}) AS r_next"
        )
        return wrapped, params

    def changes_for(self, element_ids: Iterable[int]) -> dict[int, list[Change]]:
        if self.clock is None:
            return {}
        found: dict[int, list[Change]] = {}
        ids = list(element_ids)
        for offset in range(0, len(ids), 1000):
            rows = LimitChange.objects.filter(
                **{f"{self.clock.fk}_id__in": ids[offset : offset + 1000]}, clock=self.clock.clock
            ).values(
                f"{self.clock.fk}_id",
                "id",
                "kind",
                "effective_at",
                "reason",
                "new_limit_value",
                "new_limit_unit",
                "approved_at",
            )
            for row in rows:
                found.setdefault(row[f"{self.clock.fk}_id"], []).append(Change.from_row(row))
        return found

    def explain(self, row: dict, changes: list[Change], calendar: Calendar, ctx: RuleContext):
        deadline = compute_deadline(
            start=row["base_start"],
            limit=Limit(row["base_value"], row["base_unit"]),
            calendar=calendar,
            custody=self.custody,
            changes=changes,
            as_of=ctx.as_of,
            month_end=ctx.params.get("month_end", self.month_end),
            units=self.unit_choices(row["base_unit"]),
            start_label=self.start_label,
        )
        if deadline is None or deadline.due is None:
            return [], None
        steps, due = list(deadline.steps), deadline.due
        if self.due_before:
            due = due - datetime.timedelta(minutes=parse_duration(self.due_before))
            steps.append(
                {"t": "due_before", "minutes": parse_duration(self.due_before), "at": due.isoformat()}
            )
        if row.get("late"):
            steps.append({"t": "late", "at": row["act_at"].isoformat()})
        elif row["level"] == Level.RED and self.act_label:
            steps.append({"t": "missing", "act": self.act_label})
        return steps, due


class DetectionRule(RiskPointRule):
    """A defect that is red as soon as it is in the data (after an optional grace time).

    Declare ``anchor`` (when the defect arose: shown as the start), ``anchor_label`` and
    override ``defect(ctx)`` (a ``Q`` true for defective elements). The parameter
    ``grace`` (a duration, default ``0``) gives people time before the warning is raised.
    """

    red_only = True
    anchor: ClassVar[Any]
    anchor_label: ClassVar[str] = ""
    defect_label: ClassVar[str] = ""
    thresholds = {"*": Band(red="0")}

    def defect(self, ctx: RuleContext) -> Q:
        raise NotImplementedError

    def _own_query(self, ctx: RuleContext) -> QuerySet:
        anchor = F(self.anchor) if isinstance(self.anchor, str) else self.anchor
        qs = self.base_queryset(ctx).annotate(rule_start=anchor).filter(self.defect(ctx))
        return qs.annotate(**self.routing())

    def time_independent(self, ctx: RuleContext) -> tuple[str, tuple] | None:
        if type(self).rows is not DetectionRule.rows:
            return None
        return self._independent_of_instant(ctx, self._own_query)

    def evaluate_with_next(self, ctx: RuleContext) -> tuple[list[dict], datetime.datetime | None]:
        """A defect becomes a row when its grace has run out (``r_due_at``): the next
        transition is the earliest such instant still ahead."""
        d = Dialect()
        as_of = d.timestamp(ctx.as_of)
        sql, params = self.rows(ctx, with_next=True).values(*ROW_COLUMNS).query.sql_with_params()
        columns = ", ".join(ROW_COLUMNS)
        nulls = ", ".join(f"NULL AS {c}" for c in ROW_COLUMNS)
        rows = SqlRows(
            f"WITH z AS {d.materialized}({sql}) "  # noqa: S608
            f"SELECT {columns}, NULL AS r_next FROM z WHERE z.r_due_at < {as_of} UNION ALL "
            f"SELECT {nulls}, (SELECT MIN(z.r_due_at) FROM z WHERE z.r_due_at >= {as_of}) AS r_next",
            list(params),
        )
        fetched = rows.fetch()
        return [{name[2:]: row[name] for name in ROW_COLUMNS} for row in fetched], rows.next_at

    def rows(self, ctx: RuleContext, with_next: bool = False) -> QuerySet:
        anchor = F(self.anchor) if isinstance(self.anchor, str) else self.anchor
        grace = ctx.thresholds.get("*", {}).get("red") or 0
        qs = self.base_queryset(ctx).annotate(rule_start=anchor).filter(rule_start__isnull=False)
        if self.effective_from is not None:
            qs = qs.filter(rule_start__gte=_midnight(self.effective_from))
        if self.effective_to is not None:
            qs = qs.filter(rule_start__lt=_midnight(self.effective_to + datetime.timedelta(days=1)))
        qs = qs.filter(self.defect(ctx))
        if not with_next:
            qs = qs.filter(rule_start__lt=ctx.as_of - datetime.timedelta(minutes=grace))
        return qs.annotate(
            r_level=Value(Level.RED, output_field=CharField()),
            r_start_at=F("rule_start"),
            r_due_at=ExpressionWrapper(
                F("rule_start") + Value(datetime.timedelta(minutes=grace)), output_field=DateTimeField()
            ),
            r_act_at=Value(None, output_field=DateTimeField()),
            r_late=Value(False, output_field=BooleanField()),
            r_calendar_missing=Value(False, output_field=BooleanField()),
            r_base_start=F("rule_start"),
            r_base_value=Value(None, output_field=IntegerField()),
            r_base_unit=Value("", output_field=CharField()),
            r_limit_value=Value(None, output_field=IntegerField()),
            r_limit_unit=Value("", output_field=CharField()),
            **self.routing(),
        )

    def explain(self, row: dict, changes: list[Change], calendar: Calendar, ctx: RuleContext):
        steps = [{"t": "start", "event": self.anchor_label, "at": row["start_at"].isoformat()}]
        if self.defect_label:
            steps.append({"t": "missing", "act": self.defect_label})
        return steps, row["due_at"]


def _midnight(day: datetime.date) -> datetime.datetime:
    from ..deadlines import LOCAL_TZ

    return datetime.datetime.combine(day, datetime.time(0), tzinfo=LOCAL_TZ)


__all__ = [
    "ROW_COLUMNS",
    "ROW_FIELDS",
    "Band",
    "ClockSpec",
    "DeadlineRule",
    "DetectionRule",
    "LegalBasis",
    "LocalDate",
    "Param",
    "PeriodUnit",
    "RiskPointRule",
    "RuleContext",
    "format_duration",
    "parse_duration",
    "parse_period_key",
]
