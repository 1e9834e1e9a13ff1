"""The SQL expressions of the deadline module agree with its Python arithmetic on random
periods: any start, unit and length, custody or not, month-end rule, and any history of
restarts, extensions (approved or not) and suspensions (closed or open), at any instant.

Both read the same calendar table; what is compared is the arithmetic."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.deadlines import (
    LOCAL_TZ,
    Change,
    ClockSpec,
    Limit,
    compute_deadline,
    deadline_sql,
    execute,
    get_calendar,
)
from alerts.rules.base import _as_datetime
from cases.choices import LimitChangeKind, LimitClock
from cases.models import Case, LimitChange

from .factories import make_case

UNITS = {
    "minutes": (1, 600),
    "hours": (1, 72),
    "days": (1, 90),
    "working_days": (1, 20),
    "months": (1, 14),
}
EPOCH = datetime.datetime(2025, 6, 1, tzinfo=LOCAL_TZ)


def moments(max_days: int):
    """Offsets up to ``max_days``: whole days plus a time of day (and microseconds on
    PostgreSQL), so that day boundaries and same-day events are both common."""
    micros = st.integers(0, 999_999) if connection.vendor == "postgresql" else st.just(0)
    return st.builds(
        lambda days, seconds, us: datetime.timedelta(days=days, seconds=seconds, microseconds=us),
        st.integers(0, max_days),
        st.integers(0, 86_399),
        micros,
    )


change_ops = st.lists(
    st.one_of(
        st.tuples(st.just("restart"), moments(120)),
        st.tuples(st.just("extension"), moments(120), st.integers(1, 40), st.booleans()),
        st.tuples(st.just("suspension"), moments(120), st.one_of(st.none(), moments(40))),
    ),
    max_size=4,
)


@st.composite
def periods(draw):
    unit = draw(st.sampled_from(sorted(UNITS)))
    low, high = UNITS[unit]
    return {
        "start": EPOCH + draw(moments(700)),
        "unit": unit,
        "value": draw(st.integers(low, high)),
        "custody": draw(st.booleans()),
        "month_end": draw(st.sampled_from(["clamp", "next_day"])),
        "ops": draw(change_ops),
        # Either anywhere, or after every change (so that suspensions are closed and count).
        "as_of_offset": draw(
            st.one_of(moments(500), moments(300).map(lambda d: d + datetime.timedelta(days=200)))
        ),
    }


def _changes(case, period) -> None:
    for op in period["ops"]:
        when = period["start"] + op[1]
        common = {"case": case, "unit": case.unit, "clock": LimitClock.HANDLING, "effective_at": when}
        if op[0] == "restart":
            LimitChange.objects.create(
                external_id=f"x{LimitChange.objects.count()}-{id(op)}", kind="restart", **common
            )
        elif op[0] == "extension":
            LimitChange.objects.create(
                external_id=f"x{LimitChange.objects.count()}-{id(op)}",
                kind=LimitChangeKind.EXTENSION,
                new_limit_value=period["value"] + op[2],
                new_limit_unit=period["unit"] if op[2] % 2 else "",
                approved_at=when if op[3] else None,
                **common,
            )
        else:
            LimitChange.objects.create(
                external_id=f"x{LimitChange.objects.count()}-{id(op)}",
                kind=LimitChangeKind.SUSPENSION_START,
                reason="appraisal",
                **common,
            )
            if op[2] is not None:
                LimitChange.objects.create(
                    external_id=f"x{LimitChange.objects.count()}-e{id(op)}",
                    kind=LimitChangeKind.SUSPENSION_END,
                    reason="appraisal",
                    **{**common, "effective_at": when + op[2]},
                )


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(period=periods())
def test_sql_and_python_deadlines_agree(world, period):
    case = make_case(world.s1, accepted_at=period["start"])
    try:
        _changes(case, period)
        as_of = period["start"] + period["as_of_offset"]
        base = Case.objects.filter(pk=case.pk).values(
            r_element_id=F("pk"), rule_start=F("accepted_at"), base_value=Value(period["value"])
        )
        sql, params = deadline_sql(
            *base.query.sql_with_params(),
            unit=period["unit"],
            as_of=as_of,
            custody=period["custody"],
            clock=ClockSpec(LimitClock.HANDLING, "case"),
            month_end=period["month_end"],
        )
        found = execute(sql, params)
        sql_row = found[0] if found else None
        changes = [Change.from_row(row) for row in LimitChange.objects.filter(case=case).values()]
        python = compute_deadline(
            start=period["start"],
            limit=Limit(period["value"], period["unit"]),
            calendar=get_calendar(),
            custody=period["custody"],
            changes=changes,
            as_of=as_of,
            month_end=period["month_end"],
            units=(period["unit"],),
        )
        # A stopped clock has no row (the SQL leaves it out); otherwise both agree exactly.
        assert (sql_row is None) == python.stopped
        if python.stopped:
            return
        assert (sql_row["dl_value"], sql_row["dl_unit"]) == (python.limit.value, python.limit.unit)
        due = _as_datetime(sql_row["dl_due"])
        if connection.vendor == "postgresql":
            assert due == python.due
        else:  # the embedded demo's SQLite keeps whole seconds
            assert abs(due - python.due) < datetime.timedelta(seconds=1)
        assert bool(sql_row["dl_cal_missing"]) == python.calendar_missing
    finally:
        case.delete()


@pytest.mark.django_db
def test_calendar_table_matches_the_pure_build():
    from alerts.deadlines import build_days
    from alerts.deadlines.calendar import library_arrangements

    table = get_calendar()
    pure = {d.date: d for d in build_days(library_arrangements())}
    assert len(pure) == 13515
    mismatched = [day for day, info in pure.items() if table.day(day) != info]
    assert mismatched == []
