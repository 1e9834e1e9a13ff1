"""The one deadline module of the platform: every time limit — risk points, rectification
deadlines, dispute follow-ups — is computed here, so that the statute's counting rules and
the official holiday calendar live in one place.

* ``compute_deadline`` — the Python arithmetic, with its explanation steps;
* ``deadline_sql`` — the same arithmetic in SQL (a chain of CTEs) for set-based rules;
* ``get_calendar`` — the holiday calendar snapshot both read (the ``CalendarDay`` table);
* ``render_steps`` / ``render_summary`` / ``format_due`` — the arithmetic in words.
"""

from .calendar import Calendar, DayInfo, YearArrangement, build_days, get_calendar, invalidate_calendar
from .compute import (
    LOCAL_TZ,
    Change,
    Deadline,
    Limit,
    MonthEnd,
    PeriodUnit,
    add_months,
    compute_deadline,
    end_of_day,
    local_date,
)
from .explain import format_due, format_moment, period_words, render_steps, render_summary
from .sql import ClockSpec, Dialect, LocalDate, deadline_sql, execute

__all__ = [
    "LOCAL_TZ",
    "Calendar",
    "Change",
    "ClockSpec",
    "DayInfo",
    "Deadline",
    "Dialect",
    "Limit",
    "LocalDate",
    "MonthEnd",
    "PeriodUnit",
    "YearArrangement",
    "add_months",
    "build_days",
    "compute_deadline",
    "deadline_sql",
    "end_of_day",
    "execute",
    "format_due",
    "format_moment",
    "get_calendar",
    "invalidate_calendar",
    "local_date",
    "period_words",
    "render_steps",
    "render_summary",
]
