"""Statutory period arithmetic in Python: the reference the SQL expressions must agree with.

Counting rules (risk-points.md §2):

* Periods are counted in minutes, hours, days, working days or months (CPL Art. 105 ¶1).
* Hour and minute periods run from the exact recorded time. The statute leaves the
  starting hour out (¶2); counting from the recorded minute instead is the conservative
  reading (§2.2) and what the red level needs: never later than the law.
* Day and month periods leave the starting day out: the first counted day is the day
  after, and the period ends at 24:00 of its last day (§2.2).
* A day or month period whose last day is a rest day or public holiday ends on the next
  working day of the official calendar — except custody periods, which end on their
  calendar day (¶4).
* Months are calendar months: the last day is the same-numbered day of the final month;
  where that day does not exist the ``month_end`` rule decides (clamp to the month's last
  day, the default and the conservative choice, or the first day of the next month).
* Working-day periods count working days of the official calendar (行规 Art. 183).
* A period's versions come from the clock's ``LimitChange`` rows, as of the evaluation
  time: the latest restart (new offence, identity established, mediation failed,
  transfer) starts the period again with its original limit; the latest *approved*
  extension since then sets the limit (an unapproved one moves nothing); each
  suspension (appraisal, mediation, unknown identity) since then is left out — whole
  days for day-based periods (the day the clock stops counts, the day it resumes does
  not), the exact duration for hour-based ones; a suspension still open stops the clock.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .calendar import Calendar

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class PeriodUnit(enum.StrEnum):
    """Units of a period. The values match ``cases.choices.LimitUnit`` (plus minutes)."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


TIME_UNITS = frozenset({PeriodUnit.MINUTES, PeriodUnit.HOURS})
UNIT_SECONDS = {PeriodUnit.MINUTES: 60, PeriodUnit.HOURS: 3600}
UNIT_SUFFIX = {
    PeriodUnit.MINUTES: "min",
    PeriodUnit.HOURS: "h",
    PeriodUnit.DAYS: "d",
    PeriodUnit.WORKING_DAYS: "wd",
    PeriodUnit.MONTHS: "m",
}


class MonthEnd(enum.StrEnum):
    """What a month period does when the same-numbered day does not exist (31 Jan + 1 m)."""

    CLAMP = "clamp"  # the last day of the final month (28/29/30 …): never later than the law
    NEXT_DAY = "next_day"  # the first day of the month after


@dataclass(frozen=True)
class Limit:
    value: int
    unit: str

    @property
    def key(self) -> str:
        """The threshold key of this period length, e.g. ``3d``, ``8h``, ``2m``, ``10wd``."""
        return f"{self.value}{UNIT_SUFFIX[PeriodUnit(self.unit)]}"


@dataclass(frozen=True)
class Change:
    """A ``cases.LimitChange`` row as the arithmetic sees it."""

    id: int
    kind: str  # extension | suspension_start | suspension_end | restart
    effective_at: datetime.datetime
    reason: str = ""
    new_value: int | None = None
    new_unit: str = ""
    approved_at: datetime.datetime | None = None

    @classmethod
    def from_row(cls, row) -> Change:
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
        return cls(
            id=get("id"),
            kind=get("kind"),
            effective_at=get("effective_at"),
            reason=get("reason") or "",
            new_value=get("new_limit_value"),
            new_unit=get("new_limit_unit") or "",
            approved_at=get("approved_at"),
        )


@dataclass
class Deadline:
    """The result: when the period ends and how we got there (``steps``, rendered by
    ``alerts.deadlines.explain``)."""

    base_start: datetime.datetime
    start: datetime.datetime  # after the latest restart
    limit: Limit
    custody: bool
    due: datetime.datetime | None  # the instant the period is over; None when the clock is stopped
    stopped: bool = False
    last_day: datetime.date | None = None
    due_day: datetime.date | None = None
    calendar_missing: bool = False
    excluded_days: int = 0
    excluded: datetime.timedelta = datetime.timedelta(0)
    steps: list[dict] = field(default_factory=list)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(LOCAL_TZ).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """24:00 of ``day`` (= 00:00 of the next day), Asia/Shanghai."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ)


def add_months(day: datetime.date, months: int, month_end: str = MonthEnd.CLAMP) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = pycalendar.monthrange(year, month)[1]
    if day.day <= last:
        return datetime.date(year, month, day.day)
    if month_end == MonthEnd.NEXT_DAY:
        return datetime.date(year, month, last) + datetime.timedelta(days=1)
    return datetime.date(year, month, last)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def compute_deadline(
    *,
    start: datetime.datetime,
    limit: Limit,
    calendar: Calendar,
    custody: bool = False,
    changes: Iterable[Change] = (),
    as_of: datetime.datetime | None = None,
    month_end: str = MonthEnd.CLAMP,
    units: Sequence[str] | None = None,
    start_label: str = "",
) -> Deadline | None:
    """The deadline of a period starting at ``start`` (see the module docstring).

    ``changes`` are the clock's ``LimitChange`` rows; only those effective at or before
    ``as_of`` count. ``units`` limits the units the period may take (the SQL of a rule
    computes only the units it declares); a limit in another unit gives ``None``.
    """
    changes = sorted(
        (c for c in changes if as_of is None or c.effective_at <= as_of), key=lambda c: (c.effective_at, c.id)
    )
    steps: list[dict] = [{"t": "start", "event": start_label, "at": _iso(start)}]

    restarts = [c for c in changes if c.kind == "restart"]
    effective_start = restarts[-1].effective_at if restarts else start
    if restarts:
        steps.append({"t": "restart", "at": _iso(effective_start), "reason": restarts[-1].reason})

    current = limit
    extensions = [
        c
        for c in changes
        if c.kind == "extension"
        and c.approved_at is not None
        and c.new_value is not None
        and c.effective_at >= effective_start
    ]
    if extensions:
        latest = extensions[-1]
        current = Limit(latest.new_value, latest.new_unit or limit.unit)
    unit = PeriodUnit(current.unit)
    if units is not None and unit not in units:
        return None
    steps.append({"t": "period", "value": current.value, "unit": unit.value})
    if extensions:
        latest = extensions[-1]
        steps.append(
            {"t": "extension", "at": _iso(latest.approved_at), "value": current.value, "unit": unit.value}
        )

    result = Deadline(base_start=start, start=effective_start, limit=current, custody=custody, due=None)

    # Suspensions since the (re)start: each start paired with the first end at or after it.
    ends = [c for c in changes if c.kind == "suspension_end"]
    for suspension in (
        c for c in changes if c.kind == "suspension_start" and c.effective_at >= effective_start
    ):
        end = next((e for e in ends if e.effective_at >= suspension.effective_at), None)
        if end is None:
            result.stopped = True
            steps.append({"t": "stopped", "at": _iso(suspension.effective_at), "reason": suspension.reason})
            result.steps = steps
            return result
        days = (local_date(end.effective_at) - local_date(suspension.effective_at)).days
        result.excluded_days += days
        result.excluded += end.effective_at - suspension.effective_at
        steps.append(
            {
                "t": "suspension",
                "from": _iso(suspension.effective_at),
                "to": _iso(end.effective_at),
                "reason": suspension.reason,
                "days": days,
                "hours": round((end.effective_at - suspension.effective_at).total_seconds() / 3600, 1),
                "time_based": unit in TIME_UNITS,
            }
        )

    if unit in TIME_UNITS:
        result.due = (
            effective_start + datetime.timedelta(seconds=current.value * UNIT_SECONDS[unit]) + result.excluded
        )
        steps.append({"t": "due", "at": _iso(result.due), "end_of_day": False})
        result.steps = steps
        return result

    start_day = local_date(effective_start)
    if unit == PeriodUnit.WORKING_DAYS:
        base = start_day + datetime.timedelta(days=result.excluded_days)
        due_day, known = calendar.nth_workday_after(base, current.value)
        result.last_day = result.due_day = due_day
        result.calendar_missing = not known
        steps.append({"t": "last_day", "date": due_day.isoformat()})
    else:
        if unit == PeriodUnit.MONTHS:
            last = add_months(start_day, current.value, month_end)
            if last.day != start_day.day:
                steps.append({"t": "month_end", "rule": str(month_end), "date": last.isoformat()})
        else:
            last = start_day + datetime.timedelta(days=current.value)
        last += datetime.timedelta(days=result.excluded_days)
        result.last_day = last
        steps.append({"t": "last_day", "date": last.isoformat()})
        if custody:
            result.due_day = last
            info = calendar.day(last)
            if info is not None and not info.is_workday:
                steps.append({"t": "custody_no_roll"})
        else:
            target, known = calendar.roll(last)
            result.due_day = target
            result.calendar_missing = not known
            if target != last:
                info = calendar.day(last)
                steps.append(
                    {
                        "t": "roll",
                        "date": last.isoformat(),
                        "holiday": info.holiday,
                        "target": target.isoformat(),
                    }
                )
    if result.calendar_missing:
        years = sorted({result.due_day.year, result.last_day.year} - calendar.known_years())
        steps.append({"t": "calendar_missing", "years": years or [result.due_day.year]})
    result.due = end_of_day(result.due_day)
    steps.append({"t": "due", "at": _iso(result.due), "end_of_day": True})
    result.steps = steps
    return result
