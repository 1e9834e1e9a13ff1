"""The official holiday calendar as the deadline arithmetic sees it.

The source of truth is the ``CalendarDay`` table (one row per date, 2004–2040), seeded
from the ``chinese-calendar`` library and maintained by staff from the State Council's
yearly announcement. This module derives the table's rows from the known holidays and
make-up working days (``build_days``) and gives Python a read-only snapshot of the same
rows (``Calendar``), so that the Python arithmetic and the SQL joins read identical data.

A year nobody has loaded is *unknown*: its days follow the plain calendar — Saturday
and Sunday are rest days (the State Council's working-hours regulation of 1995, which
does not change from year to year), no public holidays, no make-up days — and every
result that had to consult such a day says so (``calendar_missing``).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TABLE_START = datetime.date(2004, 1, 1)
TABLE_END = datetime.date(2040, 12, 31)


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: public holidays (date → holiday code or name)
    and make-up working days (调休上班, usually weekends)."""

    year: int
    holidays: Mapping[datetime.date, str]
    workdays: frozenset[datetime.date]


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    is_workday: bool
    holiday: str
    is_makeup_workday: bool
    known: bool
    next_workday: datetime.date
    roll_known: bool
    workday_seq: int
    unknown_seq: int


def _dates(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def build_days(
    years: Iterable[YearArrangement], start: datetime.date = TABLE_START, end: datetime.date = TABLE_END
) -> list[DayInfo]:
    """Every date from ``start`` to ``end`` with its derived columns (see ``CalendarDay``)."""
    holidays: dict[datetime.date, str] = {}
    workdays: set[datetime.date] = set()
    known_years: set[int] = set()
    for arrangement in years:
        known_years.add(arrangement.year)
        holidays.update(arrangement.holidays)
        workdays.update(arrangement.workdays)

    base = []
    for day in _dates(start, end):
        known = day.year in known_years
        if day in workdays:
            is_workday = True
        elif day in holidays:
            is_workday = False
        else:
            is_workday = day.weekday() < 5
        base.append((day, is_workday, known))

    # Roll-over targets, walking backwards: a working day rolls to itself; a rest day rolls
    # to its successor's target and is certain only if it and every day up to the target
    # lie in known years. Rest days at the very end of the table have no target: they
    # stay where they are, uncertain (the SQL join finds no better answer either).
    n = len(base)
    next_workday: list[datetime.date] = [day for day, _w, _k in base]
    roll_known: list[bool] = [False] * n
    has_target: list[bool] = [False] * n
    for i in range(n - 1, -1, -1):
        day, is_workday, known = base[i]
        if is_workday:
            next_workday[i], roll_known[i], has_target[i] = day, known, True
        elif i + 1 < n and has_target[i + 1]:
            next_workday[i], roll_known[i], has_target[i] = (
                next_workday[i + 1],
                known and roll_known[i + 1],
                True,
            )

    days = []
    workday_seq = unknown_seq = 0
    for i, (day, is_workday, known) in enumerate(base):
        workday_seq += is_workday
        unknown_seq += not known
        days.append(
            DayInfo(
                date=day,
                is_workday=is_workday,
                holiday=holidays.get(day, ""),
                is_makeup_workday=day in workdays,
                known=known,
                next_workday=next_workday[i],
                roll_known=roll_known[i],
                workday_seq=workday_seq,
                unknown_seq=unknown_seq,
            )
        )
    return days


def library_arrangements() -> list[YearArrangement]:
    """The years the ``chinese-calendar`` library knows, as arrangements."""
    from chinese_calendar import constants

    # The library maps each date to the holiday's English name (``Holiday.value``).
    holiday_codes = {member.value: member.name for member in constants.Holiday}
    by_year: dict[int, dict] = {}
    for day, holiday in constants.holidays.items():
        entry = by_year.setdefault(day.year, {"holidays": {}, "workdays": set()})
        entry["holidays"][day] = holiday_codes.get(str(getattr(holiday, "value", holiday)), "other")
    for day in constants.workdays:
        by_year.setdefault(day.year, {"holidays": {}, "workdays": set()})["workdays"].add(day)
    return [
        YearArrangement(year=year, holidays=data["holidays"], workdays=frozenset(data["workdays"]))
        for year, data in sorted(by_year.items())
    ]


class Calendar:
    """A read-only snapshot of the calendar table for the Python arithmetic."""

    def __init__(self, days: Iterable[DayInfo], version: tuple = ()):
        self.version = version
        self._days: dict[datetime.date, DayInfo] = {d.date: d for d in days}
        self._by_seq: dict[int, datetime.date] = {
            d.workday_seq: d.date for d in self._days.values() if d.is_workday
        }
        self._known_years = frozenset(d.date.year for d in self._days.values() if d.known)

    def __contains__(self, day: datetime.date) -> bool:
        return day in self._days

    def day(self, day: datetime.date) -> DayInfo | None:
        return self._days.get(day)

    def is_known(self, day: datetime.date) -> bool:
        info = self._days.get(day)
        return bool(info and info.known)

    def roll(self, day: datetime.date) -> tuple[datetime.date, bool]:
        """(the date a period ending on ``day`` really ends on, whether that is certain).
        A date outside the table is not rolled and is uncertain — exactly like the SQL."""
        info = self._days.get(day)
        if info is None:
            return day, False
        return info.next_workday, info.roll_known

    def nth_workday_after(self, day: datetime.date, n: int) -> tuple[datetime.date, bool]:
        """The ``n``-th working day after ``day`` (``day`` itself not counted), and whether
        every day of the span is in a known year. Outside the table: ``day + n``, uncertain."""
        info = self._days.get(day)
        target = self._by_seq.get(info.workday_seq + n) if info else None
        if info is None or target is None:
            return day + datetime.timedelta(days=n), False
        return target, self._days[target].unknown_seq == info.unknown_seq and info.known

    def known_years(self) -> frozenset[int]:
        return self._known_years


_cache_lock = threading.Lock()
_cache: Calendar | None = None


def calendar_version() -> tuple:
    from django.db.models import Count, Max

    from ..models import CalendarYear

    agg = CalendarYear.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"])


def get_calendar() -> Calendar:
    """The calendar snapshot, reloaded when a year was imported or re-seeded (one small
    query to check). Callers that compute many deadlines fetch it once and pass it on."""
    global _cache
    version = calendar_version()
    with _cache_lock:
        if _cache is not None and _cache.version == version:
            return _cache
    from ..models import CalendarDay

    rows = CalendarDay.objects.order_by("date").values_list(
        "date",
        "is_workday",
        "holiday",
        "is_makeup_workday",
        "known",
        "next_workday",
        "roll_known",
        "workday_seq",
        "unknown_seq",
    )
    calendar = Calendar((DayInfo(*row) for row in rows.iterator(chunk_size=5000)), version=version)
    with _cache_lock:
        _cache = calendar
    return calendar


def invalidate_calendar() -> None:
    global _cache
    with _cache_lock:
        _cache = None
