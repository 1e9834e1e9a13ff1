"""Words for the arithmetic: a deadline's steps (stored as data on the warning) rendered in
the reader's language, e.g. "accepted 2026-09-05 10:00, 30 days, start day not counted →
last day 2026-10-05 → National Day: rolls over to 2026-10-08 → due 2026-10-08 24:00".

Steps are stored as data, not text, so that one warning reads in Chinese for officers and
in English for anyone who switches the language.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import LimitChangeReason

from ..choices import Holiday
from .compute import LOCAL_TZ, MonthEnd, PeriodUnit

UNIT_WORDS = {
    PeriodUnit.MINUTES: gettext_lazy("%(value)s minutes"),
    PeriodUnit.HOURS: gettext_lazy("%(value)s hours"),
    PeriodUnit.DAYS: gettext_lazy("%(value)s days"),
    PeriodUnit.WORKING_DAYS: gettext_lazy("%(value)s working days"),
    PeriodUnit.MONTHS: gettext_lazy("%(value)s months"),
}


def format_moment(value: str | datetime.datetime | None) -> str:
    if value is None:
        return "—"
    moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    local = moment.astimezone(LOCAL_TZ)
    if local.second or local.microsecond:
        return local.strftime("%Y-%m-%d %H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def format_due(value: str | datetime.datetime | None, end_of_day: bool | None = None) -> str:
    """A due instant as people say it: local midnight reads as "24:00" of the day before."""
    if value is None:
        return "—"
    moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    local = moment.astimezone(LOCAL_TZ)
    at_midnight = local.hour == 0 and local.minute == 0 and local.second == 0 and not local.microsecond
    if end_of_day or (end_of_day is None and at_midnight):
        return f"{(local - datetime.timedelta(days=1)).date().isoformat()} 24:00"
    return format_moment(local)


def period_words(value: int, unit: str) -> str:
    return str(UNIT_WORDS[PeriodUnit(unit)]) % {"value": value}


def _reason(code: str) -> str:
    if not code:
        return _("no reason given")
    try:
        return str(LimitChangeReason(code).label)
    except ValueError:
        return code


def _holiday(code: str) -> str:
    if not code:
        return _("a rest day")
    try:
        return str(Holiday(code).label)
    except ValueError:
        return code  # a name typed into an announcement we could not map


def render_step(step: dict) -> str:
    kind = step.get("t")
    if kind == "start":
        # Labels are stored as their English msgid (gettext_noop in the rule) and
        # translated here, so the stored arithmetic reads in any language.
        event = _(step["event"]) if step.get("event") else _("start")
        return _("%(event)s %(at)s") % {"event": event, "at": format_moment(step["at"])}
    if kind == "restart":
        return _("clock restarted %(at)s (%(reason)s)") % {
            "at": format_moment(step["at"]),
            "reason": _reason(step.get("reason", "")),
        }
    if kind == "period":
        words = period_words(step["value"], step["unit"])
        if step["unit"] in (PeriodUnit.MINUTES, PeriodUnit.HOURS):
            return _("%(period)s from the recorded time") % {"period": words}
        return _("%(period)s, start day not counted") % {"period": words}
    if kind == "extension":
        return _("extension approved %(at)s: limit now %(period)s") % {
            "at": format_moment(step["at"]),
            "period": period_words(step["value"], step["unit"]),
        }
    if kind == "suspension":
        if step.get("time_based"):
            return _("clock stopped %(from)s – %(to)s (%(reason)s): %(hours)s hours not counted") % {
                "from": format_moment(step["from"]),
                "to": format_moment(step["to"]),
                "reason": _reason(step.get("reason", "")),
                "hours": step["hours"],
            }
        return _("clock stopped %(from)s – %(to)s (%(reason)s): %(days)s days not counted") % {
            "from": format_moment(step["from"]),
            "to": format_moment(step["to"]),
            "reason": _reason(step.get("reason", "")),
            "days": step["days"],
        }
    if kind == "stopped":
        return _("clock stopped since %(at)s (%(reason)s)") % {
            "at": format_moment(step["at"]),
            "reason": _reason(step.get("reason", "")),
        }
    if kind == "month_end":
        rule = _("clamped to the month's last day") if step["rule"] == MonthEnd.CLAMP else _("next day")
        return _("no such day in the final month: %(rule)s") % {"rule": rule}
    if kind == "last_day":
        return _("last day %(date)s") % {"date": step["date"]}
    if kind == "roll":
        return _("%(what)s → rolls over to %(target)s") % {
            "what": _holiday(step.get("holiday", "")),
            "target": step["target"],
        }
    if kind == "custody_no_roll":
        return _("in custody: not extended for holidays (CPL Art. 105 ¶4)")
    if kind == "calendar_missing":
        years = "、".join(str(y) for y in step.get("years", []))
        return _("no official holiday calendar for %(years)s: counted on the plain calendar, verify") % {
            "years": years
        }
    if kind == "due":
        return _("due %(at)s") % {"at": format_due(step["at"], step.get("end_of_day"))}
    if kind == "due_before":
        minutes = int(step["minutes"])
        lead = (
            period_words(minutes // 1440, PeriodUnit.DAYS)
            if minutes % 1440 == 0
            else period_words(minutes // 60, PeriodUnit.HOURS)
        )
        return _("the act is due %(lead)s before the period ends: %(at)s") % {
            "lead": lead,
            "at": format_due(step["at"]),
        }
    if kind == "late":
        return _("recorded late at %(at)s") % {"at": format_moment(step["at"])}
    if kind == "missing":
        return _("%(act)s not recorded") % {"act": _(step.get("act", ""))}
    if kind == "calls":
        return _("%(calls)s dispute calls from the same address or caller within %(days)s days") % {
            "calls": step["calls"],
            "days": step["days"],
        }
    if kind == "note":
        return step.get("text", "")
    return str(step)


def render_steps(steps: list[dict]) -> list[str]:
    return [render_step(step) for step in steps]


def render_summary(steps: list[dict]) -> str:
    """One line: the steps of the period joined the way a legal officer writes them."""
    return " → ".join(render_steps(steps))
