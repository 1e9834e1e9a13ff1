"""The REST warning feed: ``GET /api/v1/warnings/`` for client systems that poll "what
changed since my cursor", and the detail of one item with its history.

Scoped by the base viewset (a station's client never sees a sibling's rows: 404); list
rows come from ``.values()`` through one query on the (updated_at, id) index.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view

from supervision.api.base import ScopedReadOnlyViewSet
from supervision.api.pagination import ChangeFeedPagination
from supervision.api.throttling import FeedRateThrottle

from ..filtersets import WarningFeedFilterSet
from ..models import Warning, WarningEvent, WarningRoute
from .serializers import FEED_LOOKUPS, WarningFeedItemSerializer, WarningSerializer, feed_rows

PAGING_PARAMS = frozenset({"cursor", "page_size", "format"})

FEED_ITEM_EXAMPLE = {
    "id": 4211,
    "kind": "reminder",
    "source": "patrol",
    "risk_point": "filing_review_overdue",
    "risk_point_ref": "AJ01",
    "fingerprint": "filing_review_overdue:case:912",
    "element_type": "case",
    "element_id": 912,
    "element_label": "A350102202611180001",
    "unit": "350102510000",
    "officer": "S1001",
    "case": "A350102202611180001",
    "level": "yellow",
    "peak_level": "yellow",
    "due_at": "2026-11-23T16:00:00Z",
    "raised_at": "2026-11-21T18:00:00Z",
    "cleared_at": None,
    "clear_reason": "",
    "workflow_state": "notified",
    "department": "legal",
    "rectify_due_at": None,
    "escalation_step": 0,
    "exempted": False,
    "closed_at": None,
    "regression_of": None,
    "created_at": "2026-11-21T18:00:00Z",
    "updated_at": "2026-11-22T01:30:12.204518Z",
}

FEED_EXAMPLE = OpenApiExample(
    "A page of changes",
    value=FEED_ITEM_EXAMPLE,
    response_only=True,
)
DETAIL_EXAMPLE = OpenApiExample(
    "A problem from a spot-check, routed to discipline inspection",
    value={
        **FEED_ITEM_EXAMPLE,
        "id": 5120,
        "kind": "problem",
        "source": "spot_check",
        "risk_point": None,
        "risk_point_ref": None,
        "fingerprint": "spot_check:finding:77",
        "title": "法律文书是否齐全，签名、捺印、日期、电子签章是否完整",
        "level": "red",
        "peak_level": "red",
        "start_at": None,
        "due_at": None,
        "late_at": None,
        "calendar_missing": False,
        "arithmetic": "",
        "level_changed_at": "2026-11-21T18:00:00Z",
        "department": "discipline",
        "events": [],
        "routes": [
            {
                "from_department": "legal",
                "to_department": "discipline",
                "note": "涉嫌违纪，移交纪检",
                "routed_by": "市局法制支队 王某",
                "routed_at": "2026-11-22T02:00:00Z",
            }
        ],
    },
    response_only=True,
)
ERROR_EXAMPLES = [
    OpenApiExample(
        "Bad filter or cursor",
        value={
            "status": 400,
            "code": "invalid",
            "message": "The request has errors; see 'errors' for each one.",
            "errors": {"cursor": ["Not a cursor of this feed; start without one or use the 'next' link."]},
        },
        response_only=True,
        status_codes=["400"],
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="The warning feed: everything changed after a cursor",
        description=(
            "Warnings, reminders and problems of the caller's unit scope in the order of their last "
            "change (`updated_at`, `id`). Start without `cursor`, then follow `next`; when `has_more` is "
            "false, keep `next` and poll it later — no change is missed or repeated, also under "
            "concurrent writes (a change is served once every older write has committed, plus a few "
            "seconds). Cleared and closed items are included unless `state=open`."
        ),
        responses={200: WarningFeedItemSerializer(many=True)},
        examples=[FEED_EXAMPLE, *ERROR_EXAMPLES],
        parameters=[
            OpenApiParameter(
                "unit",
                int,
                description="A unit id: its rows and those of every unit below it.",
                required=False,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One warning with its arithmetic, condition history and routing",
        examples=[DETAIL_EXAMPLE],
    ),
)
class WarningViewSet(ScopedReadOnlyViewSet):
    """Warnings of the caller's scope as a change feed, and each one in full."""

    queryset = Warning.objects.all()
    serializer_class = WarningSerializer
    capability = "view_warnings"
    filterset_class = WarningFeedFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = ChangeFeedPagination
    throttle_classes = [FeedRateThrottle]

    def get_base_queryset(self):
        if self.action == "retrieve":
            return Warning.objects.select_related("risk_point", "unit", "officer", "case").prefetch_related(
                Prefetch("events", queryset=WarningEvent.objects.order_by("occurred_at", "id")),
                Prefetch("routes", queryset=WarningRoute.objects.select_related("routed_by")),
            )
        return Warning.objects.all()

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        # Most polls carry only the cursor: building the FilterSet (a deep copy of a dozen
        # filters) would then cost more than the page's query itself.
        if request.query_params.keys() - PAGING_PARAMS:
            queryset = self.filter_queryset(queryset)
        queryset = queryset.values(*FEED_LOOKUPS)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(feed_rows(page))
