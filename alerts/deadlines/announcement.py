"""Reading the State Council's yearly holiday announcement (国务院办公厅关于XXXX年部分节假日
安排的通知) and a plain structured form of the same, for years the library does not cover.

The announcement lists one item per holiday, e.g.::

    一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。
    二、春节：2月6日（农历腊月十九、周六）至14日（农历腊月二十七、周日）放假调休，共9天。2月7日（周日）、2月20日（周六）上班。
    三、清明节：4月5日（周一）放假，与周末连休。

The structured form takes one entry per line::

    2027-01-01..2027-01-03 元旦
    2027-04-05 清明节
    2027-02-07 上班

Both give a ``ParsedAnnouncement``: holidays (date → holiday code), make-up working days,
and what could not be read. Nothing is saved here; the import service does that after a
person has seen the preview.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..choices import Holiday

NAME_TO_CODE = {
    "元旦": Holiday.NEW_YEARS_DAY,
    "春节": Holiday.SPRING_FESTIVAL,
    "清明节": Holiday.TOMB_SWEEPING_DAY,
    "清明": Holiday.TOMB_SWEEPING_DAY,
    "劳动节": Holiday.LABOUR_DAY,
    "五一": Holiday.LABOUR_DAY,
    "端午节": Holiday.DRAGON_BOAT_FESTIVAL,
    "端午": Holiday.DRAGON_BOAT_FESTIVAL,
    "中秋节": Holiday.MID_AUTUMN_FESTIVAL,
    "中秋": Holiday.MID_AUTUMN_FESTIVAL,
    "国庆节": Holiday.NATIONAL_DAY,
    "国庆": Holiday.NATIONAL_DAY,
}

WORKDAY_WORDS = ("上班", "workday", "work")

_CN_NUMERAL = "一二三四五六七八九十"
_ITEM = re.compile(
    rf"(?:^|\n|。)\s*[{_CN_NUMERAL}]+、\s*([^：:\n]+?)\s*[：:](.*?)(?=(?:\n\s*[{_CN_NUMERAL}]+、)|\Z)", re.S
)
_PAREN = r"(?:[（(][^）)]*[）)])?"
_DAY = rf"(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日{_PAREN}"
_RANGE = re.compile(rf"{_DAY}\s*(?:至\s*{_DAY})?\s*放假")
_WORK_SENTENCE = re.compile(rf"((?:{_DAY}\s*[、，,和及]?\s*)+)上班")
_WORK_DAY = re.compile(_DAY)
_YEAR = re.compile(r"(\d{4})\s*年\s*部分节假日")


@dataclass
class ParsedAnnouncement:
    year: int | None
    holidays: dict[datetime.date, str] = field(default_factory=dict)
    workdays: set[datetime.date] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.holidays)

    def merge(self, other: ParsedAnnouncement) -> ParsedAnnouncement:
        self.holidays.update(other.holidays)
        self.workdays |= other.workdays
        self.errors += other.errors
        self.items += other.items
        self.year = self.year or other.year
        return self


def holiday_code(name: str) -> str:
    name = name.strip()
    for key, code in NAME_TO_CODE.items():
        if name.startswith(key):
            return code
    # "国庆节、中秋节" and the like: the first recognised name wins.
    for key, code in NAME_TO_CODE.items():
        if key in name:
            return code
    return name[:40]


def _date(year: int, month: int, day: int, errors: list[str], context: str) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        errors.append(f"{context}: {year}-{month}-{day}")
        return None


def parse_announcement(text: str, year: int | None = None) -> ParsedAnnouncement:
    """Read the announcement's numbered items. ``year`` defaults to the one in the title."""
    found = _YEAR.search(text)
    year = year or (int(found.group(1)) if found else None)
    result = ParsedAnnouncement(year=year)
    if year is None:
        result.errors.append("year")
        return result
    items = list(_ITEM.finditer(text))
    if not items:
        result.errors.append("no_items")
        return result
    for item in items:
        name, body = item.group(1).strip(), item.group(2)
        code = holiday_code(name)
        entry = {"name": name, "code": code, "holidays": [], "workdays": []}
        span = _RANGE.search(body)
        if span is None:
            result.errors.append(name)
            continue
        y1, m1, d1, y2, m2, d2 = span.groups()
        first_year, first_month = int(y1 or year), int(m1 or 0)
        if not first_month:
            result.errors.append(name)
            continue
        first = _date(first_year, first_month, int(d1), result.errors, name)
        last = first
        if d2 is not None and first is not None:
            # "1月1日至3日": the end inherits the start's month (and year) unless it names its own.
            last = _date(int(y2 or first_year), int(m2 or first_month), int(d2), result.errors, name)
            if last is not None and last < first:  # "12月31日至1月2日" crosses into the next year
                last = _date(last.year + 1, last.month, last.day, result.errors, name)
        if first is None or last is None:
            continue
        day = first
        while day <= last:
            result.holidays[day] = code
            entry["holidays"].append(day)
            day += datetime.timedelta(days=1)
        for sentence in _WORK_SENTENCE.finditer(body[span.end() :]):
            month = first_month
            for match in _WORK_DAY.finditer(sentence.group(1)):
                wy, wm, wd = match.groups()
                month = int(wm or month)
                # Without a year, a make-up day belongs to the year the holiday starts in
                # (元旦 may start in the December before).
                work = _date(int(wy or first_year), month, int(wd), result.errors, name)
                if work is not None:
                    result.workdays.add(work)
                    entry["workdays"].append(work)
        result.items.append(entry)
    return result


_STRUCT_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|—|–|~|至)\s*(\d{4}-\d{2}-\d{2}))?\s+(.+)$")


def parse_structured(text: str, year: int | None = None) -> ParsedAnnouncement:
    """One entry per line: ``DATE[..DATE] NAME`` for holidays, ``DATE 上班`` for make-up days."""
    result = ParsedAnnouncement(year=year)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _STRUCT_LINE.match(line)
        if match is None:
            result.errors.append(f"{number}: {line}")
            continue
        try:
            first = datetime.date.fromisoformat(match.group(1))
            last = datetime.date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError:
            result.errors.append(f"{number}: {line}")
            continue
        label = match.group(3).strip()
        if last < first:
            result.errors.append(f"{number}: {line}")
            continue
        result.year = result.year or first.year
        day = first
        entry = {"name": label, "code": "", "holidays": [], "workdays": []}
        while day <= last:
            if label.lower() in WORKDAY_WORDS:
                result.workdays.add(day)
                entry["workdays"].append(day)
            else:
                entry["code"] = holiday_code(label)
                result.holidays[day] = entry["code"]
                entry["holidays"].append(day)
            day += datetime.timedelta(days=1)
        result.items.append(entry)
    return result


def validate_for_year(parsed: ParsedAnnouncement, year: int) -> list[str]:
    """Dates must belong to the year (New Year's Day may reach back into late December)."""
    problems = []
    for day in sorted(set(parsed.holidays) | parsed.workdays):
        if day.year == year or (day.year == year - 1 and day.month == 12):
            continue
        problems.append(day.isoformat())
    overlap = set(parsed.holidays) & parsed.workdays
    problems += [f"{d.isoformat()}×2" for d in sorted(overlap)]
    return problems
