"""The holiday calendar as data: seeded from the library, the State Council's announcement
read exactly as the library has it, structured lines, and an import that recomputes the
derived columns the SQL joins on — audited."""

import datetime
from pathlib import Path

import pytest

from alerts.deadlines import get_calendar
from alerts.deadlines.announcement import parse_announcement, parse_structured, validate_for_year
from alerts.deadlines.calendar import library_arrangements
from alerts.models import CalendarDay, CalendarYear
from alerts.services import calendar_seed, calendar_year_import
from supervision.models import AuditEvent

ANNOUNCEMENT_2026 = (Path(__file__).parent / "announcement_2026.txt").read_text(encoding="utf-8")


def test_announcement_text_reads_like_the_library():
    parsed = parse_announcement(ANNOUNCEMENT_2026)
    library = next(a for a in library_arrangements() if a.year == 2026)
    assert parsed.year == 2026 and parsed.errors == []
    assert parsed.holidays == dict(library.holidays)
    assert parsed.workdays == set(library.workdays)


def test_announcement_variants():
    text = (
        "国务院办公厅关于2030年部分节假日安排的通知\n"
        "一、元旦：2029年12月31日（周一）至2030年1月1日（周二）放假调休，共2天。12月29日（周六）上班。\n"
        "二、国庆节、中秋节：10月1日至8日放假调休，共8天。9月29日（星期日）、10月12日（星期六）上班。\n"
        "三、清明节：4月5日放假，与周末连休。\n"
    )
    parsed = parse_announcement(text)
    assert parsed.errors == []
    assert parsed.holidays[datetime.date(2029, 12, 31)] == "new_years_day"
    assert parsed.holidays[datetime.date(2030, 10, 8)] == "national_day"
    assert parsed.holidays[datetime.date(2030, 4, 5)] == "tomb_sweeping_day"
    assert datetime.date(2030, 10, 12) in parsed.workdays and datetime.date(2030, 9, 29) in parsed.workdays
    assert datetime.date(2029, 12, 29) in parsed.workdays  # the make-up day of the December before
    assert validate_for_year(parsed, 2030) == []
    assert validate_for_year(parsed, 2031) != []


def test_structured_lines_and_errors():
    parsed = parse_structured("2027-01-01..2027-01-03 元旦\n2027-02-07 上班\n# a comment\nnot a line")
    assert sorted(parsed.holidays) == [datetime.date(2027, 1, d) for d in (1, 2, 3)]
    assert parsed.workdays == {datetime.date(2027, 2, 7)}
    assert parsed.errors == ["4: not a line"]
    assert parse_announcement("与节假日无关的文字").errors == ["year"]


@pytest.mark.django_db
def test_seeded_from_the_library_and_seeding_again_changes_nothing():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {
        a.year for a in library_arrangements()
    }
    assert CalendarDay.objects.count() == 13515
    assert calendar_seed() == []
    national = CalendarDay.objects.get(date=datetime.date(2026, 10, 5))
    assert (national.is_workday, national.holiday, national.next_workday) == (
        False,
        "national_day",
        datetime.date(2026, 10, 8),
    )
    assert not CalendarDay.objects.get(date=datetime.date(2027, 1, 1)).known


@pytest.mark.django_db
def test_import_recomputes_the_table_and_is_audited(world):
    before = CalendarDay.objects.get(date=datetime.date(2027, 12, 31)).workday_seq
    holidays = {datetime.date(2027, 1, d): "new_years_day" for d in (1, 2, 3)}
    holidays.update({datetime.date(2027, 10, d): "national_day" for d in range(1, 8)})
    calendar_year_import(
        actor=world.city_legal, year=2027, holidays=holidays, workdays={datetime.date(2027, 10, 9)}
    )
    first = CalendarDay.objects.get(date=datetime.date(2027, 1, 1))
    assert (first.known, first.is_workday, first.next_workday) == (True, False, datetime.date(2027, 1, 4))
    assert CalendarDay.objects.get(date=datetime.date(2027, 10, 9)).is_makeup_workday
    # Six weekdays off, one Saturday on: every later working-day number moves by five.
    assert CalendarDay.objects.get(date=datetime.date(2027, 12, 31)).workday_seq == before - 5
    assert get_calendar().roll(datetime.date(2027, 1, 1)) == (datetime.date(2027, 1, 4), True)
    assert CalendarDay.objects.get(date=datetime.date(2026, 12, 31)).roll_known  # a working day anyway
    event = AuditEvent.objects.get(action="calendar.import")
    assert event.actor == world.city_legal and event.changes["holidays"][0] is None
    # Re-importing replaces the year: New Year's Day only.
    calendar_year_import(
        actor=world.city_legal, year=2027, holidays=dict(list(holidays.items())[:3]), workdays=set()
    )
    assert CalendarDay.objects.get(date=datetime.date(2027, 10, 4)).is_workday
    assert AuditEvent.objects.filter(action="calendar.import").count() == 2
