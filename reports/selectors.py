"""Reads of the reports app that more than one page (or the API) needs. Each starts from
``visible_to(user)``; the pages and the API share them so that a figure is one query."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from supervision.models import User
from supervision.roles import has_capability

from .models import (
    Assessment,
    AssessmentScore,
    Bulletin,
    BulletinDelivery,
    BulletinStatus,
)

# The landing panel lists at most this many bulletins; the list page has the rest.
PANEL_LIMIT = 5


def bulletins_awaiting_acknowledgement(*, fetched_by: User, limit: int | None = PANEL_LIMIT) -> dict:
    """Published bulletins delivered to ``fetched_by`` that they have not acknowledged yet
    (a station chief's to-do), oldest first so that the longest-waiting one is on top."""
    qs = (
        BulletinDelivery.objects.filter(
            recipient=fetched_by,
            acknowledged_at__isnull=True,
            bulletin__status=BulletinStatus.PUBLISHED,
            bulletin__in=Bulletin.objects.visible_to(fetched_by).values("pk"),
        )
        .select_related("bulletin__publisher")
        .order_by("delivered_at", "pk")
    )
    rows = list(qs[:limit] if limit else qs)
    total = len(rows) if limit is None or len(rows) < limit else qs.count()
    return {"rows": [d.bulletin for d in rows], "total": total}


def bulletins_not_fully_acknowledged(*, fetched_by: User, limit: int | None = PANEL_LIMIT) -> dict:
    """Published bulletins of publishers in the user's own subtree (those they follow up)
    that some station chief has not acknowledged yet, with the counts, newest first."""
    qs = (
        Bulletin.objects.managed_by(fetched_by)
        .filter(status=BulletinStatus.PUBLISHED)
        .annotate(
            n_deliveries=Count("deliveries"),
            n_waiting=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=True)),
        )
        .filter(n_waiting__gt=0)
        .select_related("publisher")
        .defer("figures")
        .order_by("-period_start", "publisher__path")
    )
    rows = list(qs[:limit] if limit else qs)
    total = len(rows) if limit is None or len(rows) < limit else qs.count()
    return {"rows": rows, "total": total}


def bulletin_panel(*, fetched_by: User) -> dict:
    """The overview panel's two lists, each only for those whose role makes it theirs."""
    return {
        "awaiting": (
            bulletins_awaiting_acknowledgement(fetched_by=fetched_by)
            if has_capability(fetched_by, "acknowledge_bulletins")
            else None
        ),
        "pending": (
            bulletins_not_fully_acknowledged(fetched_by=fetched_by)
            if has_capability(fetched_by, "publish_bulletins")
            else None
        ),
    }


def bulletin_api_queryset(*, detail: bool = False) -> QuerySet:
    """The bulletins for the API (scoped by the viewset): the list leaves the stored
    figures out; the detail carries them with the acknowledgement counts."""
    qs = Bulletin.objects.select_related("publisher", "published_by").annotate(
        n_deliveries=Count("deliveries"),
        n_acknowledged=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=False)),
    )
    return qs if detail else qs.defer("figures")


def assessment_api_queryset(*, fetched_by: User, detail: bool = False) -> QuerySet:
    """The assessments for the API; the detail prefetches the scores that ``fetched_by``
    may see (the assessment is platform-wide, its scores are scoped by unit)."""
    qs = Assessment.objects.select_related("published_by")
    if detail:
        scores = (
            AssessmentScore.objects.visible_to(fetched_by)
            .select_related("unit", "officer")
            .order_by("subject_kind", "level", "rank", "id")
        )
        qs = qs.prefetch_related(Prefetch("scores", queryset=scores, to_attr="visible_scores"))
    return qs
