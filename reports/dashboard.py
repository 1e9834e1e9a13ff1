"""Reads of the dashboard (执法智慧大屏): a handful of aggregate queries for the user's scope.

The number of queries does not depend on the amount of data (a test holds it): one
aggregate over the warnings for the headline counts, one per chart (top risk points,
units ranked, twelve-week trend) and the disputes app's own colour counts. Each figure
comes with the URL of the items behind it (``reports.dashboard_views`` and the warning
and dispute lists' own filters).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone

from alerts.choices import OPEN_WORKFLOW_STATES, ItemKind, Level
from alerts.models import Warning
from alerts.rules import registry
from supervision.models import User

TREND_WEEKS = 12


def _today_start(now: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))


def _as_date(value) -> datetime.date:
    return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def overdue_q(now: datetime.datetime) -> Q:
    """Contract rule 3: an open problem past its rectification deadline (exempted apart)."""
    return Q(
        kind=ItemKind.PROBLEM,
        workflow_state__in=OPEN_WORKFLOW_STATES,
        rectify_due_at__lt=now,
        exempted=False,
    )


def metric_queryset(
    metric: str, *, fetched_by: User, now: datetime.datetime, week: datetime.date | None = None
):
    """The warnings behind a dashboard figure (``None`` for an unknown metric)."""
    qs = Warning.objects.visible_to(fetched_by)
    if metric == "new_today":
        return qs.filter(created_at__gte=_today_start(now))
    if metric == "overdue":
        return qs.filter(overdue_q(now))
    if metric == "open_problems":
        return qs.filter(kind=ItemKind.PROBLEM, workflow_state__in=OPEN_WORKFLOW_STATES, exempted=False)
    if metric == "raised" and week is not None:
        start = timezone.make_aware(datetime.datetime.combine(week, datetime.time.min))
        return qs.filter(created_at__gte=start, created_at__lt=start + datetime.timedelta(days=7))
    return None


@dataclass
class Dashboard:
    counts: dict
    links: dict
    top_rules: list[dict]
    units: list[dict]
    trend: dict
    disputes: dict | None
    assessment: dict | None = None


def _items_url(metric: str, **params) -> str:
    url = reverse("reports:dashboard_items", args=[metric])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def dashboard_for(*, fetched_by: User, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    warnings = Warning.objects.visible_to(fetched_by)
    open_warnings = warnings.filter(cleared_at__isnull=True)
    today = _today_start(now)
    counts = warnings.aggregate(
        red=Count("pk", filter=Q(cleared_at__isnull=True, level=Level.RED)),
        yellow=Count("pk", filter=Q(cleared_at__isnull=True, level=Level.YELLOW)),
        blue=Count("pk", filter=Q(cleared_at__isnull=True, level=Level.BLUE)),
        new_today=Count("pk", filter=Q(created_at__gte=today)),
        overdue=Count("pk", filter=overdue_q(now)),
        open_problems=Count(
            "pk", filter=Q(kind=ItemKind.PROBLEM, workflow_state__in=OPEN_WORKFLOW_STATES, exempted=False)
        ),
    )
    index = reverse("alerts:index")
    links = {
        "red": f"{index}?level=red",
        "yellow": f"{index}?level=yellow",
        "blue": f"{index}?level=blue",
        "new_today": _items_url("new_today"),
        "overdue": _items_url("overdue"),
        "open_problems": _items_url("open_problems"),
    }

    top = (
        open_warnings.filter(risk_point__isnull=False)
        .values("risk_point__code", "risk_point__ref")
        .annotate(n=Count("pk"), red=Count("pk", filter=Q(level=Level.RED)))
        .order_by("-n", "risk_point__ref")[:8]
    )
    top_rules = []
    for row in top:
        rule = registry.get(row["risk_point__code"])
        top_rules.append(
            {
                "ref": row["risk_point__ref"],
                "name": rule.name if rule else row["risk_point__code"],
                "n": row["n"],
                "red": row["red"],
                "url": f"{index}?rule={row['risk_point__code']}",
            }
        )

    ranked = (
        open_warnings.values("unit", "unit__name", "unit__short_name")
        .annotate(
            n=Count("pk"),
            red=Count("pk", filter=Q(level=Level.RED)),
            yellow=Count("pk", filter=Q(level=Level.YELLOW)),
        )
        .order_by("-red", "-yellow", "-n", "unit")[:10]
    )
    units = [
        {
            "name": row["unit__short_name"] or row["unit__name"],
            "n": row["n"],
            "red": row["red"],
            "yellow": row["yellow"],
            "url": f"{index}?unit={row['unit']}",
        }
        for row in ranked
    ]

    this_monday = timezone.localdate(now) - datetime.timedelta(days=timezone.localdate(now).weekday())
    first_monday = this_monday - datetime.timedelta(weeks=TREND_WEEKS - 1)
    since = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    weekly = (
        warnings.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            red=Count("pk", filter=Q(peak_level=Level.RED)),
            yellow=Count("pk", filter=Q(peak_level=Level.YELLOW)),
            blue=Count("pk", filter=Q(peak_level=Level.BLUE)),
            problems=Count("pk", filter=Q(kind=ItemKind.PROBLEM)),
        )
        .order_by("week")
    )
    by_week = {_as_date(row["week"]): row for row in weekly}
    weeks = [first_monday + datetime.timedelta(weeks=i) for i in range(TREND_WEEKS)]
    trend = {
        "labels": [w.strftime("%m-%d") for w in weeks],
        "urls": [_items_url("raised", week=w.isoformat()) for w in weeks],
        **{
            key: [by_week.get(w, {}).get(key, 0) for w in weeks]
            for key in ("red", "yellow", "blue", "problems")
        },
    }
    return Dashboard(
        counts=counts,
        links=links,
        top_rules=top_rules,
        units=units,
        trend=trend,
        disputes=_disputes(fetched_by),
        assessment=_latest_assessment(fetched_by),
    )


def _latest_assessment(user: User) -> dict | None:
    """The latest published monthly assessment's station ranking, as far as the user may see it."""
    from .models import Assessment, AssessmentScore, AssessmentStatus, SubjectKind

    latest = (
        Assessment.objects.visible_to(user)
        .filter(status=AssessmentStatus.PUBLISHED)
        .order_by("-period")
        .first()
    )
    if latest is None:
        return None
    rows = (
        AssessmentScore.objects.visible_to(user)
        .filter(assessment=latest, subject_kind=SubjectKind.UNIT, level="station")
        .select_related("unit")
        .order_by("rank", "unit__path")[:10]
    )
    return {
        "period": latest.period,
        "url": reverse("reports:assessment_detail", args=[latest.period]),
        "rows": [
            {
                "name": row.unit.display_name,
                "score": row.score,
                "grade": row.grade,
                "rank": row.rank,
                "rank_of": row.rank_of,
                "change": row.change_month,
                "url": reverse("reports:assessment_score", args=[row.pk]),
            }
            for row in rows
        ],
    }


def _disputes(user: User) -> dict | None:
    """Disputes by colour from the disputes app's own selector (None when not installed)."""
    from django.apps import apps

    from supervision.roles import has_capability

    if not apps.is_installed("disputes") or not has_capability(user, "view_disputes"):
        return None
    from disputes.selectors import dispute_colour_counts

    counts = dispute_colour_counts(fetched_by=user)
    index = reverse("disputes:index")
    return {
        "counts": counts,
        "links": {
            "red": f"{index}?status=in_progress&colour=red",
            "yellow": f"{index}?status=in_progress&colour=yellow",
            "blue": f"{index}?status=in_progress&colour=blue",
            "overdue": f"{index}?overdue=yes",
        },
    }
