"""The figures of a weekly bulletin (周通报), computed once from the data as it stood at the
cut-off and stored as JSON on the bulletin. Set-based: one grouped query per table.

How problems count (the contract of issues 6 and 7): a problem is a warning of kind
``problem``; *found* in the week when created in it; *rectified* when closed out
(``closed_at``) in it, *on time* when ``closed_at <= rectify_due_at``; *overdue* at the
cut-off when it was still open then (not closed before the cut-off, not resolved by the
patrol) and its ``rectify_due_at`` had passed; a *repeat* when ``regression_of`` is set.
Exempted items stay out of every count and are counted on their own.

Week-on-week: every figure is also computed for the week before, from the same query.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.choices import ItemKind, Level, WorkflowState
from alerts.models import NegativeListHit, Warning
from cases.choices import CaseKind
from cases.models import Case, CaseFile, CoerciveMeasure, Incident, Property, QuestioningSession, VenueVisit
from supervision.choices import SUPERVISORY_KINDS, UnitLevel
from supervision.models import Unit

# Ranking points (documented on the bulletin page): every problem found costs 1, every
# overdue rectification and every repeat problem 2, a negative-list hit its item's weight.
POINTS_FOUND = 1
POINTS_OVERDUE = 2
POINTS_REPEAT = 2
LIST_SIZE = 3  # units on the red list and on the black list
MAX_LISTED = 100  # rows of the overdue and red-item lists kept in the bulletin

# The standing aspects reported every week (practice.md §8.5; the seeds' "11 个方面").
ASPECTS = [
    "incidents",
    "cases_accepted",
    "criminal_filed",
    "admin_closed",
    "admin_unclosed_30d",
    "measures",
    "property_stored",
    "venue_entries",
    "venue_checks_incomplete",
    "sessions_unrecorded",
    "files_archived",
    "case_reviews",
    "red_warnings",
]
# For these a rise is bad news (the page colours the change).
ASPECTS_LOWER_IS_BETTER = {
    "admin_unclosed_30d",
    "venue_checks_incomplete",
    "sessions_unrecorded",
    "red_warnings",
}


def week_bounds(monday: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(0), tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def bulletin_units(publisher: Unit) -> list[Unit]:
    """The units a bulletin ranks: the stations (and brigades) below the publisher."""
    return list(
        Unit.objects.in_unit_subtree(publisher)
        .filter(level=UnitLevel.STATION, is_active=True)
        .exclude(kind__in=SUPERVISORY_KINDS)
        .select_related("parent")
        .order_by("path")
    )


def _count_pair(queryset, field: str, start, end, extra: Q | None = None) -> tuple[int, int]:
    """(this week, the week before) for rows whose ``field`` falls in each week: one query."""
    prev_start = start - datetime.timedelta(days=7)
    extra = extra or Q()
    result = queryset.aggregate(
        this=Count("pk", filter=Q(**{f"{field}__gte": start, f"{field}__lt": end}) & extra),
        prev=Count("pk", filter=Q(**{f"{field}__gte": prev_start, f"{field}__lt": start}) & extra),
    )
    return result["this"], result["prev"]


def _admin_unclosed(publisher: Unit, cutoff) -> int:
    # Administrative cases still open at the cut-off 30 days or more after acceptance
    # (the public-order law's general limit): the seeds' "行政案件未办结".
    return (
        Case.objects.in_unit_subtree(publisher)
        .filter(kind=CaseKind.ADMINISTRATIVE, accepted_at__lt=cutoff - datetime.timedelta(days=30))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=cutoff))
        .filter(Q(transferred_out_at__isnull=True) | Q(transferred_out_at__gte=cutoff))
        .count()
    )


def aspect_figures(publisher: Unit, start, end) -> list[dict]:
    from .models import CaseReview

    pairs: dict[str, tuple[int, int]] = {}
    cases = Case.objects.in_unit_subtree(publisher)
    pairs["incidents"] = _count_pair(Incident.objects.in_unit_subtree(publisher), "received_at", start, end)
    pairs["cases_accepted"] = _count_pair(cases, "accepted_at", start, end)
    pairs["criminal_filed"] = _count_pair(cases, "filed_at", start, end, Q(kind=CaseKind.CRIMINAL))
    pairs["admin_closed"] = _count_pair(cases, "closed_at", start, end, Q(kind=CaseKind.ADMINISTRATIVE))
    pairs["admin_unclosed_30d"] = (
        _admin_unclosed(publisher, end),
        _admin_unclosed(publisher, start),
    )
    pairs["measures"] = _count_pair(
        CoerciveMeasure.objects.in_unit_subtree(publisher), "started_at", start, end
    )
    pairs["property_stored"] = _count_pair(
        Property.objects.in_unit_subtree(publisher), "stored_at", start, end
    )
    visits = VenueVisit.objects.in_unit_subtree(publisher)
    pairs["venue_entries"] = _count_pair(visits, "entered_at", start, end)
    incomplete = (
        Q(check_identity=False)
        | Q(check_body=False)
        | Q(check_belongings=False)
        | Q(check_health=False)
        | Q(check_info_collected=False)
    )
    pairs["venue_checks_incomplete"] = _count_pair(visits, "entered_at", start, end, incomplete)
    pairs["sessions_unrecorded"] = _count_pair(
        QuestioningSession.objects.in_unit_subtree(publisher), "started_at", start, end, Q(av_recorded=False)
    )
    pairs["files_archived"] = _count_pair(
        CaseFile.objects.in_unit_subtree(publisher), "archived_at", start, end
    )
    pairs["case_reviews"] = _count_pair(
        CaseReview.objects.in_unit_subtree(publisher), "reviewed_at", start, end
    )
    pairs["red_warnings"] = _count_pair(
        Warning.objects.in_unit_subtree(publisher), "raised_at", start, end, Q(peak_level=Level.RED)
    )
    return [{"key": key, "value": pairs[key][0], "previous": pairs[key][1]} for key in ASPECTS]


def _problem_filters(start, end) -> dict[str, Q]:
    problem = Q(kind=ItemKind.PROBLEM, exempted=False)
    open_at_end = (
        Q(created_at__lt=end)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        & ~Q(workflow_state=WorkflowState.AUTO_RESOLVED)
    )
    return {
        "found": problem & Q(created_at__gte=start, created_at__lt=end),
        "rectified": problem & Q(closed_at__gte=start, closed_at__lt=end),
        "on_time": problem & Q(closed_at__gte=start, closed_at__lt=end, closed_at__lte=F("rectify_due_at")),
        "overdue": problem & open_at_end & Q(rectify_due_at__lt=end),
        "repeat": problem & Q(created_at__gte=start, created_at__lt=end, regression_of__isnull=False),
        "exempted": Q(kind=ItemKind.PROBLEM, exempted=True, created_at__gte=start, created_at__lt=end),
        "reminders": Q(kind=ItemKind.REMINDER, created_at__gte=start, created_at__lt=end),
    }


def problem_counts_by_unit(publisher: Unit, start, end) -> dict[int, dict[str, int]]:
    filters = _problem_filters(start, end)
    rows = (
        Warning.objects.in_unit_subtree(publisher)
        .values("unit_id")
        .annotate(**{name: Count("pk", filter=q) for name, q in filters.items()})
    )
    return {row.pop("unit_id"): row for row in rows}


def _sum(rows, key: str) -> int:
    return sum(r[key] for r in rows)


def _negative_hits(publisher: Unit, start_day: datetime.date, end_day: datetime.date) -> list[dict]:
    hits = (
        NegativeListHit.objects.in_unit_subtree(publisher)
        .filter(decided_on__gte=start_day, decided_on__lte=end_day)
        .select_related("item", "unit", "case", "chief")
        .prefetch_related("officers")
        .order_by("decided_on", "id")
    )
    return [
        {
            "id": hit.pk,
            "item_number": hit.item.number,
            "item_title": hit.item.title,
            "weight": str(hit.item.weight),
            "unit_id": hit.unit_id,
            "unit": hit.unit.display_name,
            "case": hit.case.number if hit.case_id else "",
            "officers": [o.name for o in hit.officers.all()],
            "chief": hit.chief.name if hit.chief_id else "",
            "sanction": hit.sanction,
            "sanction_note": hit.sanction_note,
            "decided_on": hit.decided_on.isoformat(),
            "description": hit.description,
        }
        for hit in hits
    ]


def _rule_name(warning: Warning) -> str:
    """What the item is about: the risk point (ref and name) for a patrol item; for a
    person's finding its source and title (“网下抽查：…”), since the source alone
    (every spot-check finding reads the same) says nothing about the breach."""
    if warning.risk_point_id:
        definition = warning.risk_point.definition
        return f"{warning.risk_point.ref} {definition.name if definition else warning.risk_point.code}"
    title = _finding_title(warning)
    source = str(warning.get_source_display())
    return _("%(source)s: %(title)s") % {"source": source, "title": title} if title else source


def _finding_title(warning: Warning) -> str:
    # open_problem stores the finding's title (checklist item or the text's start) in detail.
    return "" if warning.risk_point_id else str((warning.detail or {}).get("title", "")).strip()


def _item_row(warning: Warning, *, cutoff) -> dict:
    due = warning.rectify_due_at
    return {
        "id": warning.pk,
        "unit": warning.unit.display_name,
        "rule": _rule_name(warning),
        # The page shows a finding's source as a label beside its title.
        "source": "" if warning.risk_point_id else str(warning.get_source_display()),
        "title": _finding_title(warning),
        "element": warning.element_label,
        "case": warning.case.number if warning.case_id else "",
        "officer": warning.officer.name if warning.officer_id else "",
        "level": warning.peak_level,
        "rectify_due_at": timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "",
        "days_overdue": (cutoff - due).days if due and due < cutoff else 0,
    }


def _listed(queryset, *, cutoff) -> tuple[list[dict], int]:
    queryset = queryset.select_related("unit", "risk_point", "case", "officer")
    total = queryset.count()
    return [_item_row(w, cutoff=cutoff) for w in queryset[:MAX_LISTED]], total


def compute_bulletin_figures(publisher: Unit, monday: datetime.date) -> dict:
    """Every figure of ``publisher``'s bulletin for the ISO week starting ``monday``."""
    start, end = week_bounds(monday)
    prev_start = start - datetime.timedelta(days=7)
    sunday = monday + datetime.timedelta(days=6)
    units = bulletin_units(publisher)
    this = problem_counts_by_unit(publisher, start, end)
    prev = problem_counts_by_unit(publisher, prev_start, start)
    hits = _negative_hits(publisher, monday, sunday)
    hit_points: dict[int, Decimal] = defaultdict(Decimal)
    hit_counts: dict[int, int] = defaultdict(int)
    for hit in hits:
        hit_points[hit["unit_id"]] += Decimal(hit["weight"])
        hit_counts[hit["unit_id"]] += 1
    empty = dict.fromkeys(_problem_filters(start, end), 0)

    rows = []
    for unit in units:
        counts = this.get(unit.pk, empty)
        before = prev.get(unit.pk, empty)
        points = (
            POINTS_FOUND * counts["found"]
            + POINTS_OVERDUE * counts["overdue"]
            + POINTS_REPEAT * counts["repeat"]
            + hit_points[unit.pk]
        )
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.display_name,
                "parent": unit.parent.display_name if unit.parent_id and unit.parent.parent_id else "",
                **{k: counts[k] for k in ("found", "rectified", "on_time", "overdue", "repeat", "exempted")},
                "found_previous": before["found"],
                "negative_hits": hit_counts[unit.pk],
                "points": float(points),
            }
        )

    totals_this = {k: _sum(this.values(), k) for k in empty}
    totals_prev = {k: _sum(prev.values(), k) for k in empty}
    ranked = sorted(rows, key=lambda r: (r["points"], r["overdue"], r["unit"]))
    red_list = [r["unit_id"] for r in ranked if r["overdue"] == 0][:LIST_SIZE]
    black_list = [r["unit_id"] for r in reversed(ranked) if r["points"] > 0][:LIST_SIZE]
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position

    problems = Warning.objects.in_unit_subtree(publisher).filter(kind=ItemKind.PROBLEM, exempted=False)
    overdue, overdue_total = _listed(
        problems.filter(_problem_filters(start, end)["overdue"]).order_by("rectify_due_at", "id"), cutoff=end
    )
    red_items, red_total = _listed(
        Warning.objects.in_unit_subtree(publisher)
        .filter(peak_level=Level.RED, raised_at__gte=start, raised_at__lt=end)
        .order_by("unit__path", "raised_at", "id"),
        cutoff=end,
    )
    by_level = dict(
        Warning.objects.in_unit_subtree(publisher)
        .filter(raised_at__gte=start, raised_at__lt=end)
        .values_list("peak_level")
        .annotate(n=Count("pk"))
    )
    rate = (
        round(100 * totals_this["on_time"] / totals_this["rectified"], 1)
        if totals_this["rectified"]
        else None
    )

    return {
        "version": 1,
        "publisher": {"id": publisher.pk, "name": publisher.name},
        "period": {"start": monday.isoformat(), "end": sunday.isoformat()},
        "cutoff_at": end.isoformat(),
        "aspects": aspect_figures(publisher, start, end),
        "problems": {
            "this": totals_this,
            "previous": totals_prev,
            "on_time_rate": rate,
            "negative_hits": len(hits),
            "negative_points": float(sum(hit_points.values(), Decimal(0))),
        },
        "warnings_by_level": {level: by_level.get(level, 0) for level in Level.values},
        "units": ranked,
        "red_list": red_list,
        "black_list": black_list,
        "overdue": overdue,
        "overdue_total": overdue_total,
        "red_items": red_items,
        "red_items_total": red_total,
        "negative_hits": hits,
        "ranking_points": {"found": POINTS_FOUND, "overdue": POINTS_OVERDUE, "repeat": POINTS_REPEAT},
    }


def compute_in_chinese(publisher: Unit, monday: datetime.date) -> dict:
    """The stored figures carry rule names as text: freeze them in the document language."""
    with translation.override("zh-hans"):
        return compute_bulletin_figures(publisher, monday)
