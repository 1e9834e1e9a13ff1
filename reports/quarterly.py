"""Quarterly analysis (季分析): trends by risk point, unit and element over the quarter's
months, recurring problems, and the units improving and worsening against the quarter
before. Computed on request from the stored warnings, scoped to the reader.

Counts are of items raised (patrol warnings and human findings alike, exempted ones left
out); "problems" are those of kind problem; "repeats" those with ``regression_of`` set.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from alerts.choices import ItemKind, Level
from alerts.models import Warning
from cases.choices import ElementType
from supervision.models import Unit, User

TOP_RULES = 20
MOVERS = 5


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_months(year: int, quarter: int) -> list[datetime.date]:
    return [datetime.date(year, 3 * (quarter - 1) + i, 1) for i in (1, 2, 3)]


def _bounds(year: int, quarter: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    first = quarter_months(year, quarter)[0]
    next_year, next_quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    after = quarter_months(next_year, next_quarter)[0]
    return (
        datetime.datetime.combine(first, datetime.time(0), tzinfo=tz),
        datetime.datetime.combine(after, datetime.time(0), tzinfo=tz),
    )


def _change(this: int, prev: int) -> dict:
    return {"diff": this - prev, "percent": round(100 * (this - prev) / prev, 1) if prev else None}


def quarterly_analysis(*, fetched_by: User, year: int, quarter: int) -> dict:
    start, end = _bounds(year, quarter)
    prev_start, _prev_end = _bounds(*previous_quarter(year, quarter))
    months = quarter_months(year, quarter)
    items = Warning.objects.visible_to(fetched_by).filter(exempted=False)
    this_q = Q(raised_at__gte=start, raised_at__lt=end)
    prev_q = Q(raised_at__gte=prev_start, raised_at__lt=start)
    month_q = [Q(raised_at__gte=_month_start(m), raised_at__lt=_month_start(_next_month(m))) for m in months]
    both = items.filter(raised_at__gte=prev_start, raised_at__lt=end)

    def counts(**extra):
        return {
            "this": Count("pk", filter=this_q),
            "prev": Count("pk", filter=prev_q),
            **{f"m{i}": Count("pk", filter=q) for i, q in enumerate(month_q)},
            **extra,
        }

    # By month and colour.
    level_rows = (
        items.filter(this_q)
        .annotate(month=TruncMonth("raised_at"))
        .values("month", "peak_level")
        .annotate(n=Count("pk"))
    )
    by_month = {m: dict.fromkeys(Level.values, 0) for m in months}
    for row in level_rows:
        month = (
            timezone.localtime(row["month"]).date()
            if isinstance(row["month"], datetime.datetime)
            else row["month"]
        )
        if month in by_month:
            by_month[month][row["peak_level"]] = row["n"]
    problems_by_month = [items.filter(month_q[i], kind=ItemKind.PROBLEM).count() for i in range(3)]

    # By risk point (human findings without a risk point are one row per source).
    rule_rows = list(
        both.values("risk_point_id", "risk_point__ref", "risk_point__code", "source")
        .annotate(**counts(repeats=Count("pk", filter=this_q & Q(regression_of__isnull=False))))
        .order_by("-this", "risk_point__ref")
    )
    rules = []
    for row in rule_rows:
        if not row["this"] and not row["prev"]:
            continue
        rules.append(
            {
                "rule": _rule_label(row),
                "code": row["risk_point__code"] or "",
                "source": row["source"],
                "this": row["this"],
                "prev": row["prev"],
                "months": [row["m0"], row["m1"], row["m2"]],
                "repeats": row["repeats"],
                **_change(row["this"], row["prev"]),
            }
        )

    element_labels = dict(ElementType.choices)
    elements = [
        {
            "element": element_labels.get(row["element_type"], row["element_type"] or "—"),
            "element_type": row["element_type"],
            "this": row["this"],
            "prev": row["prev"],
            "months": [row["m0"], row["m1"], row["m2"]],
            **_change(row["this"], row["prev"]),
        }
        for row in both.values("element_type").annotate(**counts()).order_by("-this")
    ]

    unit_rows = {
        row["unit_id"]: row
        for row in both.values("unit_id").annotate(
            **counts(
                problems=Count("pk", filter=this_q & Q(kind=ItemKind.PROBLEM)),
                problems_prev=Count("pk", filter=prev_q & Q(kind=ItemKind.PROBLEM)),
                repeats=Count("pk", filter=this_q & Q(regression_of__isnull=False)),
            )
        )
    }
    names = Unit.objects.in_bulk(list(unit_rows))
    units = sorted(
        (
            {
                "unit_id": pk,
                "unit": names[pk].display_name if pk in names else str(pk),
                "this": row["this"],
                "prev": row["prev"],
                "months": [row["m0"], row["m1"], row["m2"]],
                "problems": row["problems"],
                "problems_prev": row["problems_prev"],
                "repeats": row["repeats"],
                **_change(row["this"], row["prev"]),
            }
            for pk, row in unit_rows.items()
        ),
        key=lambda r: (-r["this"], r["unit"]),
    )
    improving = sorted((u for u in units if u["diff"] < 0), key=lambda u: (u["diff"], u["unit"]))[:MOVERS]
    worsening = sorted((u for u in units if u["diff"] > 0), key=lambda u: (-u["diff"], u["unit"]))[:MOVERS]

    recurring = [
        {
            "rule": _rule_label(row),
            "code": row["risk_point__code"] or "",
            "source": row["source"],
            "unit_id": row["unit_id"],
            "unit": names[row["unit_id"]].display_name if row["unit_id"] in names else "",
            "repeats": row["n"],
        }
        for row in items.filter(this_q, regression_of__isnull=False)
        .values("risk_point_id", "risk_point__ref", "risk_point__code", "source", "unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "risk_point__ref")[:TOP_RULES]
    ]
    total_this = sum(u["this"] for u in units)
    total_prev = sum(u["prev"] for u in units)
    return {
        "year": year,
        "quarter": quarter,
        "start": start.date(),
        "end": (end - datetime.timedelta(days=1)).date(),
        "months": months,
        "by_month": [
            {
                "month": m,
                "levels": by_month[m],
                "problems": problems_by_month[i],
                "total": sum(by_month[m].values()),
            }
            for i, m in enumerate(months)
        ],
        "total": {"this": total_this, "prev": total_prev, **_change(total_this, total_prev)},
        "rules": rules[:TOP_RULES],
        "elements": elements,
        "units": units,
        "improving": improving,
        "worsening": worsening,
        "recurring": recurring,
    }


def quarterly_items(
    *,
    fetched_by: User,
    year: int,
    quarter: int,
    month: int | None = None,
    previous: bool = False,
    code: str | None = None,
    source: str | None = None,
    unit_id: int | None = None,
    element_type: str | None = None,
    level: str | None = None,
    problems: bool = False,
    repeats: bool = False,
):
    """The items behind one figure of ``quarterly_analysis``: the same base (the reader's
    scope, exempted items apart, counted by ``raised_at``) narrowed the way the figure was
    counted, so a link from a figure lists exactly as many items as the figure says.

    ``month`` is 1–3 within the quarter; ``previous`` means the quarter before (the
    "quarter before" column); ``level`` is the colour the item reached (``peak_level``), as
    in the month table; ``code`` ``""`` means items without a risk point (human findings).
    """
    if previous:
        start, end = _bounds(*previous_quarter(year, quarter))
    elif month is not None:
        first = quarter_months(year, quarter)[month - 1]
        start, end = _month_start(first), _month_start(_next_month(first))
    else:
        start, end = _bounds(year, quarter)
    qs = Warning.objects.visible_to(fetched_by).filter(
        exempted=False, raised_at__gte=start, raised_at__lt=end
    )
    if code is not None:
        qs = qs.filter(risk_point__code=code) if code else qs.filter(risk_point__isnull=True)
    if source is not None:
        qs = qs.filter(source=source)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if element_type is not None:
        qs = qs.filter(element_type=element_type)
    if level is not None:
        qs = qs.filter(peak_level=level)
    if problems:
        qs = qs.filter(kind=ItemKind.PROBLEM)
    if repeats:
        qs = qs.filter(regression_of__isnull=False)
    return qs


def _month_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _rule_label(row: dict) -> str:
    if row.get("risk_point_id"):
        from alerts.rules import registry

        definition = registry.get(row["risk_point__code"])
        return f"{row['risk_point__ref']} {definition.name if definition else row['risk_point__code']}"
    from alerts.choices import WarningSource

    return str(dict(WarningSource.choices).get(row["source"], row["source"]))
