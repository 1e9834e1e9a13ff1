"""The same arithmetic as ``compute.py``, in SQL, so that a risk point is one set-based
query whatever the number of rows.

``deadline_sql`` wraps a rule's base query (one row per candidate element, selecting at
least ``r_element_id``, ``rule_start`` and ``base_value``) in a chain of common table
expressions, each step computed once per row:

1. ``b``  the base rows (materialised);
2. ``c``  the start after the latest restart of the clock;
3. ``v``  the limit in force (latest approved extension since then), the suspended days and
   seconds, and whether a suspension is still open (the clock stopped);
4. ``m``  the last day (days, months) or the base day (working days);
5. ``n``  the calendar rows of that day joined (roll-over target, working-day number);
6. ``o``  the due instant and the calendar flag.

The calendar is the ``CalendarDay`` table the Python snapshot reads, joined on the date.
The SQL is written for PostgreSQL (production, tests) and SQLite (the embedded demo; there
computed times keep whole seconds and Asia/Shanghai is UTC+8, as it has been since 1991).
``tests/alerts/test_deadline_agreement.py`` checks that both sides agree on random inputs.
"""

# The SQL below is composed from code constants, checked code words (``_word``), instants
# formatted by the database backend and ORM-compiled base queries with their own params:
# no user input reaches the text.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db.models.functions import TruncDate

from .compute import LOCAL_TZ, UNIT_SECONDS, MonthEnd, PeriodUnit


def LocalDate(expression) -> TruncDate:
    """The Asia/Shanghai calendar date of an aware datetime (for ORM expressions)."""
    return TruncDate(expression, tzinfo=LOCAL_TZ)


@dataclass(frozen=True)
class ClockSpec:
    """Which ``LimitChange`` rows version this period: the clock, and the field of
    ``LimitChange`` that points at the element (``case``, ``measure`` or ``property``)."""

    clock: str
    fk: str


class Dialect:
    """The few date functions the deadline arithmetic needs, per database vendor."""

    def __init__(self, connection=None):
        self.connection = connection or default_connection
        self.pg = self.connection.vendor == "postgresql"

    def param(self, value):
        if isinstance(value, datetime.datetime):
            return self.connection.ops.adapt_datetimefield_value(value)
        return value

    def local_date(self, ts: str) -> str:
        return f"(({ts}) AT TIME ZONE 'Asia/Shanghai')::date" if self.pg else f"date({ts}, '+8 hours')"

    def add_days(self, day: str, n: str) -> str:
        return (
            f"(({day})::date + ({n})::integer)" if self.pg else f"date({day}, CAST(({n}) AS TEXT) || ' days')"
        )

    def add_months(self, day: str, n: str, month_end: str) -> str:
        if self.pg:
            clamped = f"(({day})::date + make_interval(months => ({n})::integer))::date"
            if month_end == MonthEnd.NEXT_DAY:
                return (
                    f"({clamped} + CASE WHEN EXTRACT(DAY FROM {clamped}) <> EXTRACT(DAY FROM ({day})::date) "
                    "THEN 1 ELSE 0 END)"
                )
            return clamped
        # SQLite's '+N months' overflows (31 Jan + 1 month = 3 March): detect it by the day.
        plain = f"date({day}, CAST(({n}) AS TEXT) || ' months')"
        start_of_next = f"date({day}, 'start of month', CAST(({n}) + 1 AS TEXT) || ' months')"
        fallback = start_of_next if month_end == MonthEnd.NEXT_DAY else f"date({start_of_next}, '-1 day')"
        return (
            f"(CASE WHEN strftime('%%d', {plain}) = strftime('%%d', {day}) THEN {plain} ELSE {fallback} END)"
        )

    def end_of_day(self, day: str) -> str:
        if self.pg:
            return f"((({day})::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')"
        return f"datetime({day}, '+1 day', '-8 hours')"

    def add_seconds(self, ts: str, seconds: str) -> str:
        if self.pg:
            return f"(({ts}) + ({seconds}) * INTERVAL '1 second')"
        return f"datetime({ts}, CAST(({seconds}) AS TEXT) || ' seconds')"

    def days_between(self, first: str, second: str) -> str:
        if self.pg:
            return f"(({second})::date - ({first})::date)"
        return f"CAST(ROUND(julianday({second}) - julianday({first})) AS INTEGER)"

    def seconds_between(self, first: str, second: str) -> str:
        if self.pg:
            return f"EXTRACT(EPOCH FROM (({second}) - ({first})))"
        return f"((julianday({second}) - julianday({first})) * 86400.0)"

    def timestamp(self, value: datetime.datetime) -> str:
        """An aware instant as an SQL literal, in the form the backend stores."""
        if self.pg:
            return f"TIMESTAMPTZ '{value.isoformat()}'"
        return f"'{self.connection.ops.adapt_datetimefield_value(value)}'"

    @property
    def materialized(self) -> str:
        # Compute each step once per row (PostgreSQL would otherwise inline it).
        return "MATERIALIZED "


_WORD = re.compile(r"^[a-z_]+$")


def _word(value: str) -> str:
    """A code (clock, change kind, unit) as an SQL literal; codes are plain lowercase words."""
    if not _WORD.match(value):
        raise ValueError(value)
    return f"'{value}'"


def deadline_sql(
    base_sql: str,
    base_params: Sequence,
    *,
    unit: str,
    as_of: datetime.datetime,
    custody: bool = False,
    clock: ClockSpec | None = None,
    month_end: str = MonthEnd.CLAMP,
    units: Sequence[str] | None = None,
    connection=None,
) -> tuple[str, list]:
    """``(sql, params)`` of a query yielding every column of the base query plus ``dl_start``,
    ``dl_value``, ``dl_unit``, ``dl_stopped``, ``dl_susp_days``, ``dl_due`` and
    ``dl_cal_missing``, with the meaning of ``compute.compute_deadline`` (``dl_due`` is NULL
    for a unit not in ``units``; stopped clocks are left out).

    The only parameters are the base query's: the evaluation instant and the codes are
    written as literals (server-made values, never user input), so the text can be composed
    freely around the base query.
    """
    from cases.models import LimitChange

    from ..models import CalendarDay

    d = Dialect(connection)
    units = tuple(PeriodUnit(u) for u in (units or (unit,)))
    as_of_sql = d.timestamp(as_of)
    steps = [f"b AS {d.materialized}({base_sql})"]

    if clock is None:
        steps.append(
            "v AS (SELECT b.*, b.rule_start AS dl_start, b.base_value AS dl_value, "
            f"{_word(unit)} AS dl_unit, "
            "FALSE AS dl_stopped, 0 AS dl_susp_days, 0.0 AS dl_susp_secs FROM b)"
        )
    else:
        lc = LimitChange._meta.db_table
        fk = f"{clock.fk}_id"

        def scope(alias: str, row: str) -> str:
            return (
                f"{alias}.{fk} = {row}.r_element_id AND {alias}.clock = {_word(clock.clock)} "
                f"AND {alias}.effective_at <= {as_of_sql}"
            )

        restart = f"(SELECT MAX(r.effective_at) FROM {lc} r WHERE {scope('r', 'b')} AND r.kind = 'restart')"
        steps.append(
            f"c AS {d.materialized}(SELECT b.*, COALESCE({restart}, b.rule_start) AS dl_start FROM b)"
        )

        def extension(column: str) -> str:
            return (
                f"(SELECT x.{column} FROM {lc} x WHERE {scope('x', 'c')} AND x.kind = 'extension' "
                "AND x.approved_at IS NOT NULL AND x.new_limit_value IS NOT NULL "
                "AND x.effective_at >= c.dl_start "
                "ORDER BY x.effective_at DESC, x.id DESC LIMIT 1)"
            )

        def first_end(alias: str) -> str:
            # The first resume at or after a stop pairs with it (an unpaired stop is open).
            return (
                f"(SELECT MIN(e.effective_at) FROM {lc} e WHERE e.{fk} = {alias}.{fk} "
                f"AND e.clock = {alias}.clock "
                f"AND e.kind = 'suspension_end' AND e.effective_at >= {alias}.effective_at "
                f"AND e.effective_at <= {as_of_sql})"
            )

        def stops(alias: str) -> str:
            return (
                f"FROM {lc} {alias} WHERE {scope(alias, 'c')} AND {alias}.kind = 'suspension_start' "
                f"AND {alias}.effective_at >= c.dl_start"
            )

        open_stops = f"(SELECT COUNT(*) {stops('s1')} AND {first_end('s1')} IS NULL)"
        days = d.days_between(d.local_date("s2.effective_at"), d.local_date(first_end("s2")))
        seconds = d.seconds_between("s3.effective_at", first_end("s3"))
        steps.append(
            f"v AS {d.materialized}(SELECT c.*, "
            f"COALESCE({extension('new_limit_value')}, c.base_value) AS dl_value, "
            f"COALESCE(NULLIF({extension('new_limit_unit')}, ''), {_word(unit)}) AS dl_unit, "
            f"COALESCE({open_stops}, 0) > 0 AS dl_stopped, "
            f"COALESCE((SELECT SUM({days}) {stops('s2')}), 0) AS dl_susp_days, "
            f"COALESCE((SELECT SUM({seconds}) {stops('s3')}), 0.0) AS dl_susp_secs FROM c)"
        )

    start_day = d.local_date("v.dl_start")
    last_cases = []
    for each in units:
        if each == PeriodUnit.DAYS:
            last_cases.append(f"WHEN 'days' THEN {d.add_days(start_day, 'v.dl_value + v.dl_susp_days')}")
        elif each == PeriodUnit.MONTHS:
            months = d.add_months(start_day, "v.dl_value", month_end)
            last_cases.append(f"WHEN 'months' THEN {d.add_days(months, 'v.dl_susp_days')}")
        elif each == PeriodUnit.WORKING_DAYS:
            last_cases.append(f"WHEN 'working_days' THEN {d.add_days(start_day, 'v.dl_susp_days')}")
    null_date = "NULL::date" if d.pg else "NULL"
    last = f"CASE v.dl_unit {' '.join(last_cases)} ELSE {null_date} END" if last_cases else null_date
    steps.append(f"m AS (SELECT v.*, {last} AS dl_last FROM v WHERE NOT v.dl_stopped)")

    cal = CalendarDay._meta.db_table
    columns = (
        "c1.next_workday AS cal_next, c1.roll_known AS cal_roll_known, c1.known AS cal_known, "
        "c1.unknown_seq AS cal_unknown_seq"
    )
    joins = f"LEFT JOIN {cal} c1 ON c1.date = m.dl_last"
    if PeriodUnit.WORKING_DAYS in units:
        columns += ", c2.date AS wd_day, c2.unknown_seq AS wd_unknown_seq"
        joins += (
            f" LEFT JOIN {cal} c2 ON m.dl_unit = 'working_days' AND c2.is_workday "
            "AND c2.workday_seq = c1.workday_seq + m.dl_value"
        )
    steps.append(f"n AS (SELECT m.*, {columns} FROM m {joins})")

    due_cases, missing_cases = [], []
    for each in units:
        if each in (PeriodUnit.MINUTES, PeriodUnit.HOURS):
            seconds_sql = f"n.dl_value * {UNIT_SECONDS[each]} + n.dl_susp_secs"
            due_cases.append(f"WHEN '{each.value}' THEN {d.add_seconds('n.dl_start', seconds_sql)}")
            missing_cases.append(f"WHEN '{each.value}' THEN FALSE")
        elif each in (PeriodUnit.DAYS, PeriodUnit.MONTHS):
            target = "n.dl_last" if custody else "COALESCE(n.cal_next, n.dl_last)"
            due_cases.append(f"WHEN '{each.value}' THEN {d.end_of_day(target)}")
            flag = "FALSE" if custody else "NOT COALESCE(n.cal_roll_known, FALSE)"
            missing_cases.append(f"WHEN '{each.value}' THEN {flag}")
        elif each == PeriodUnit.WORKING_DAYS:
            fallback = d.add_days("n.dl_last", "n.dl_value")
            due_cases.append(f"WHEN 'working_days' THEN {d.end_of_day(f'COALESCE(n.wd_day, {fallback})')}")
            missing_cases.append(
                "WHEN 'working_days' THEN NOT (COALESCE(n.cal_known, FALSE) AND n.wd_unknown_seq IS NOT NULL "
                "AND n.wd_unknown_seq = n.cal_unknown_seq)"
            )
    steps.append(
        f"o AS (SELECT n.*, CASE n.dl_unit {' '.join(due_cases)} ELSE NULL END AS dl_due, "
        f"CASE n.dl_unit {' '.join(missing_cases)} ELSE FALSE END AS dl_cal_missing FROM n)"
    )
    return "WITH " + ", ".join(steps) + " SELECT * FROM o", list(base_params)


def execute(sql: str, params: Sequence, *, connection=None) -> list[dict]:
    """Run composed SQL and return dicts (column name → value, as the database gives it)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
