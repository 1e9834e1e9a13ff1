"""The deadline module against the official calendar: CPL Art. 105 counting, holiday
roll-over and its custody exception, extensions, suspensions, restarts, hours, months,
working days, and years without a calendar. Pure Python (no database): the calendar is
built from the library exactly as the table is."""

import datetime

import pytest
from django.utils import translation

from alerts.deadlines import (
    Calendar,
    Change,
    Limit,
    MonthEnd,
    YearArrangement,
    build_days,
    compute_deadline,
    render_summary,
)
from alerts.deadlines.calendar import library_arrangements

from .factories import at


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return Calendar(build_days(library_arrangements()))


def due(calendar, start, value, unit, **kwargs):
    return compute_deadline(start=at(start), limit=Limit(value, unit), calendar=calendar, **kwargs)


# --- Day periods: start day not counted, end at 24:00 of the last day --------------------


def test_start_day_not_counted(calendar):
    # Catalogue §2.2: detention executed 1 March 10:00 → 3-day deadline is the end of 4 March.
    result = due(calendar, "2026-03-01 10:00", 3, "days", custody=True)
    assert result.last_day == datetime.date(2026, 3, 4)
    assert result.due == at("2026-03-04 24:00")


def test_late_evening_start_is_the_same_day(calendar):
    assert due(calendar, "2026-03-01 23:59", 3, "days").due == at("2026-03-04 24:00")


def test_national_day_roll_over(calendar):
    result = due(calendar, "2026-09-05 10:00", 30, "days", start_label="accepted")
    assert result.last_day == datetime.date(2026, 10, 5)
    assert result.due_day == datetime.date(2026, 10, 8)
    assert result.due == at("2026-10-08 24:00")
    assert not result.calendar_missing
    with translation.override("en"):
        text = render_summary(result.steps)
    assert text == (
        "accepted 2026-09-05 10:00 → 30 days, start day not counted → last day 2026-10-05 → "
        "National Day → rolls over to 2026-10-08 → due 2026-10-08 24:00"
    )


def test_weekend_roll_over(calendar):
    # 2026-11-21 is a Saturday: the period ends on Monday the 23rd.
    result = due(calendar, "2026-11-18 09:00", 3, "days")
    assert result.last_day == datetime.date(2026, 11, 21)
    assert result.due == at("2026-11-23 24:00")


def test_make_up_working_day_does_not_roll(calendar):
    # Saturday 2026-10-10 is a make-up working day (调休上班).
    result = due(calendar, "2026-10-07 09:00", 3, "days")
    assert result.last_day == datetime.date(2026, 10, 10)
    assert result.due == at("2026-10-10 24:00")


def test_custody_period_ends_on_its_calendar_day(calendar):
    result = due(calendar, "2026-09-28 10:00", 3, "days", custody=True)
    assert result.last_day == datetime.date(2026, 10, 1)
    assert result.due == at("2026-10-01 24:00")
    assert {"t": "custody_no_roll"} in result.steps


def test_spring_festival_roll_over(calendar):
    # 2026 Spring Festival: 15–23 February off, Saturday the 28th a working day.
    result = due(calendar, "2026-02-12 09:00", 3, "days")
    assert result.last_day == datetime.date(2026, 2, 15)
    assert result.due == at("2026-02-24 24:00")


# --- Hours and minutes: from the recorded minute, never rolled ----------------------------


def test_hour_limit_is_exact_and_ignores_holidays(calendar):
    result = due(calendar, "2026-10-01 10:30", 24, "hours")
    assert result.due == at("2026-10-02 10:30")
    assert not result.calendar_missing


def test_minute_limit(calendar):
    assert due(calendar, "2026-09-05 10:00", 5, "minutes").due == at("2026-09-05 10:05")


# --- Months: calendar months with an explicit month-end rule -------------------------------


def test_month_period_catalogue_example(calendar):
    # Arrest on 25 June → 2-month custody ends 25 August (Yunnan cross-check).
    assert due(calendar, "2026-06-25 15:00", 2, "months", custody=True).due == at("2026-08-25 24:00")


def test_month_end_clamp_and_next_day(calendar):
    assert due(calendar, "2026-12-31 09:00", 2, "months", custody=True).due == at("2027-02-28 24:00")
    assert due(
        calendar, "2026-12-31 09:00", 2, "months", custody=True, month_end=MonthEnd.NEXT_DAY
    ).due == at("2027-03-01 24:00")
    assert due(calendar, "2027-12-31 09:00", 2, "months", custody=True).due == at("2028-02-29 24:00")


def test_month_period_rolls_over_when_not_in_custody(calendar):
    result = due(calendar, "2026-07-05 09:00", 3, "months")
    assert result.last_day == datetime.date(2026, 10, 5)
    assert result.due == at("2026-10-08 24:00")


# --- Working days ---------------------------------------------------------------------------


def test_working_days_skip_the_holiday_and_count_make_up_days(calendar):
    # After Monday 28 Sept: 29, 30 Sept, (1–7 Oct off), 8, 9, Sat 10 (make-up), 12, 13 Oct.
    result = due(calendar, "2026-09-28 09:00", 7, "working_days")
    assert result.due == at("2026-10-13 24:00")


# --- Versions of a period: extensions, suspensions, restarts -------------------------------


def change(kind, when, **fields):
    change.counter = getattr(change, "counter", 0) + 1
    return Change(id=change.counter, kind=kind, effective_at=at(when), **fields)


def test_approved_extension_moves_the_limit(calendar):
    ext = change(
        "extension", "2026-03-03 09:00", new_value=7, new_unit="days", approved_at=at("2026-03-03 09:00")
    )
    result = due(calendar, "2026-03-01 10:00", 3, "days", custody=True, changes=[ext])
    assert result.limit == Limit(7, "days")
    assert result.due == at("2026-03-08 24:00")


def test_unapproved_extension_moves_nothing(calendar):
    ext = change("extension", "2026-03-03 09:00", new_value=7, new_unit="days", approved_at=None)
    assert due(calendar, "2026-03-01 10:00", 3, "days", custody=True, changes=[ext]).due == at(
        "2026-03-04 24:00"
    )


def test_latest_extension_wins_and_later_ones_wait_for_as_of(calendar):
    first = change(
        "extension", "2026-03-03 09:00", new_value=7, new_unit="days", approved_at=at("2026-03-03 09:00")
    )
    second = change(
        "extension", "2026-03-07 09:00", new_value=30, new_unit="days", approved_at=at("2026-03-07 09:00")
    )
    assert due(calendar, "2026-03-01 10:00", 3, "days", custody=True, changes=[first, second]).due == at(
        "2026-03-31 24:00"
    )
    before_second = due(
        calendar,
        "2026-03-01 10:00",
        3,
        "days",
        custody=True,
        changes=[first, second],
        as_of=at("2026-03-05 00:00"),
    )
    assert before_second.due == at("2026-03-08 24:00")


def test_month_extensions(calendar):
    one = change(
        "extension", "2026-08-20 09:00", new_value=3, new_unit="months", approved_at=at("2026-08-20 09:00")
    )
    assert due(calendar, "2026-06-25 15:00", 2, "months", custody=True, changes=[one]).due == at(
        "2026-09-25 24:00"
    )


def test_suspension_days_are_not_counted(calendar):
    # Accepted 2 March, 30 days → 1 April; appraisal 10 → 20 March stops it 10 days → 11 April,
    # a Saturday → Monday 13 April.
    stop = change("suspension_start", "2026-03-10 15:00", reason="appraisal")
    resume = change("suspension_end", "2026-03-20 09:00", reason="appraisal")
    result = due(calendar, "2026-03-02 10:00", 30, "days", changes=[stop, resume])
    assert result.excluded_days == 10
    assert result.last_day == datetime.date(2026, 4, 11)
    assert result.due == at("2026-04-13 24:00")


def test_open_suspension_stops_the_clock(calendar):
    stop = change("suspension_start", "2026-03-10 15:00", reason="mediation")
    result = due(calendar, "2026-03-02 10:00", 30, "days", changes=[stop])
    assert result.stopped and result.due is None


def test_suspension_of_an_hour_period_counts_the_exact_time(calendar):
    stop = change("suspension_start", "2026-03-02 12:00")
    resume = change("suspension_end", "2026-03-02 14:30")
    assert due(calendar, "2026-03-02 10:00", 8, "hours", changes=[stop, resume]).due == at("2026-03-02 20:30")


def test_restart_resets_the_period_and_drops_earlier_versions(calendar):
    stop = change("suspension_start", "2026-03-10 09:00", reason="mediation")
    ext = change(
        "extension", "2026-03-11 09:00", new_value=60, new_unit="days", approved_at=at("2026-03-11 09:00")
    )
    restart = change("restart", "2026-04-20 16:00", reason="mediation")
    result = due(calendar, "2026-03-02 10:00", 30, "days", changes=[stop, ext, restart])
    assert result.start == at("2026-04-20 16:00")
    assert result.limit == Limit(30, "days")
    assert result.last_day == datetime.date(2026, 5, 20)
    assert result.due == at("2026-05-20 24:00")


def test_extension_after_restart_counts(calendar):
    restart = change("restart", "2026-07-01 09:00", reason="new_offence")
    ext = change(
        "extension", "2026-08-25 09:00", new_value=3, new_unit="months", approved_at=at("2026-08-25 09:00")
    )
    result = due(calendar, "2026-05-10 09:00", 2, "months", custody=True, changes=[restart, ext])
    assert result.due == at("2026-10-01 24:00")  # 1 July + 3 months, custody: not rolled


# --- Years without an official calendar ----------------------------------------------------


def test_deadline_in_a_year_without_calendar_is_flagged_not_guessed(calendar):
    assert 2027 not in calendar.known_years()
    plain = due(calendar, "2026-12-20 09:00", 30, "days")
    assert plain.last_day == datetime.date(2027, 1, 19)
    assert plain.due == at("2027-01-19 24:00")
    assert plain.calendar_missing
    assert {"t": "calendar_missing", "years": [2027]} in plain.steps
    # 2 January 2027 is a Saturday: the plain calendar rolls it to Monday, still flagged.
    weekend = due(calendar, "2026-12-30 09:00", 3, "days")
    assert weekend.due == at("2027-01-04 24:00") and weekend.calendar_missing


def test_custody_deadline_in_an_unknown_year_needs_no_calendar(calendar):
    result = due(calendar, "2026-12-30 09:00", 3, "days", custody=True)
    assert result.due == at("2027-01-02 24:00") and not result.calendar_missing


def test_importing_the_year_removes_the_flag():
    with_2027 = [
        *library_arrangements(),
        YearArrangement(
            year=2027,
            holidays={datetime.date(2027, 1, d): "new_years_day" for d in (1, 2, 3)},
            workdays=frozenset(),
        ),
    ]
    calendar = Calendar(build_days(with_2027))
    result = compute_deadline(start=at("2026-12-29 09:00"), limit=Limit(3, "days"), calendar=calendar)
    assert result.last_day == datetime.date(2027, 1, 1)
    assert result.due == at("2027-01-04 24:00")
    assert not result.calendar_missing


def test_roll_over_crossing_into_an_unknown_year_is_flagged():
    # A synthetic year whose last days are holidays: the roll-over lands in the unknown next year.
    year = YearArrangement(
        year=2030, holidays={datetime.date(2030, 12, d): "other" for d in (30, 31)}, workdays=frozenset()
    )
    calendar = Calendar(build_days([year]))
    result = compute_deadline(start=at("2030-12-27 09:00"), limit=Limit(3, "days"), calendar=calendar)
    assert result.last_day == datetime.date(2030, 12, 30)
    assert result.due_day == datetime.date(2031, 1, 1)
    assert result.calendar_missing


def test_outside_the_calendar_table(calendar):
    result = due(calendar, "2041-03-01 09:00", 3, "days")
    assert result.due == at("2041-03-04 24:00") and result.calendar_missing


def test_explanation_reads_in_chinese(calendar):
    result = due(calendar, "2026-09-05 10:00", 30, "days", start_label="accepted")
    with translation.override("zh-hans"):
        text = render_summary(result.steps)
    assert (
        text == "受案 2026-09-05 10:00 → 30日，起始日不计 → 末日 2026-10-05 → 国庆节 → "
        "顺延至 2026-10-08 → 期满 2026-10-08 24:00"
    )
