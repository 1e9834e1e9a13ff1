"""Read-only REST endpoints for other systems: published weekly bulletins (with their stored
figures) and published monthly assessments (with the scores the caller may see)."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from supervision.api.base import ScopedReadOnlyViewSet

from ..filtersets import AssessmentFilterSet, BulletinFilterSet
from ..models import Assessment, AssessmentStatus, Bulletin, BulletinStatus
from ..selectors import assessment_api_queryset, bulletin_api_queryset
from .serializers import (
    AssessmentDetailSerializer,
    AssessmentListSerializer,
    BulletinDetailSerializer,
    BulletinListSerializer,
)

BULLETIN_EXAMPLE = {
    "id": 42,
    "publisher": "JZ-GL",
    "publisher_name": "江州市公安局鼓楼分局",
    "year": 2026,
    "number": 36,
    "title": "鼓楼分局 2026年第36期",
    "period_start": "2026-08-31",
    "period_end": "2026-09-06",
    "cutoff_at": "2026-09-07T00:00:00+08:00",
    "published_at": "2026-09-07T10:12:00+08:00",
    "deliveries": 6,
    "acknowledged": 4,
}
BULLETIN_DETAIL_EXAMPLE = {
    **BULLETIN_EXAMPLE,
    "commentary": "东街派出所超期整改问题突出，限3个工作日内整改。",
    "figures": {
        "version": 1,
        "period": {"start": "2026-08-31", "end": "2026-09-06"},
        "problems": {
            "this": {"found": 12, "rectified": 9, "on_time": 8, "overdue": 2, "repeat": 1},
            "previous": {"found": 15, "rectified": 11, "on_time": 9, "overdue": 3, "repeat": 2},
            "on_time_rate": 88.9,
        },
        "warnings_by_level": {"blue": 30, "yellow": 11, "red": 4},
        "units": ["…"],
        "negative_hits": ["…"],
    },
}
ASSESSMENT_EXAMPLE = {
    "id": 7,
    "period": "2026-10",
    "period_start": "2026-10-01",
    "period_end": "2026-10-31",
    "cutoff_at": "2026-11-01T02:00:00+08:00",
    "scheme_version": 3,
    "published_at": "2026-11-03T09:30:00+08:00",
}
ASSESSMENT_DETAIL_EXAMPLE = {
    **ASSESSMENT_EXAMPLE,
    "scheme": {"…": "the scheme definition as used"},
    "scores": [
        {
            "subject_kind": "unit",
            "unit": "JZ-GL-DJ",
            "unit_name": "鼓楼分局东街派出所",
            "officer": None,
            "officer_name": None,
            "level": "station",
            "score": "92.50",
            "grade": "excellent",
            "rank": 1,
            "rank_of": 12,
            "total_deduction": "7.50",
            "deductions": {"rectified_on_time_rate": "5.00", "repeat_problems": "2.50"},
            "vetoed_by": [],
            "inputs": {"problems": 3, "cases": 120, "rectified": 4, "on_time": 3},
            "change_month": "4.00",
            "change_year": "11.50",
        }
    ],
}


@extend_schema_view(
    list=extend_schema(
        summary="Published weekly bulletins (周通报)",
        description=(
            "Published bulletins the caller may read: those of publishers in their scope and "
            "those delivered to units in their scope (a station reads its branch's and the "
            "city's). Drafts are not served. Newest first, page-numbered. Filters: "
            "``publisher`` (unit code), ``year``, ``since``/``until`` (week start date)."
        ),
        examples=[
            OpenApiExample(
                "page",
                value={"count": 1, "next": None, "previous": None, "results": [BULLETIN_EXAMPLE]},
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One published bulletin with its stored figures",
        description=(
            "``figures`` is the JSON frozen at ``cutoff_at`` that the page, the PDF and the "
            "Excel render; it is never recomputed. Out of scope and missing are both 404."
        ),
        examples=[OpenApiExample("bulletin", value=BULLETIN_DETAIL_EXAMPLE, response_only=True)],
    ),
)
class BulletinViewSet(ScopedReadOnlyViewSet):
    queryset = Bulletin.objects.all()
    capability = "pull_reports"
    filterset_class = BulletinFilterSet
    ordering_fields = ["period_start", "published_at"]
    ordering = ["-period_start", "publisher__path", "id"]

    def get_base_queryset(self):
        # Drafts change until they are published: other systems get the final text only.
        return bulletin_api_queryset(detail=self.action == "retrieve").filter(status=BulletinStatus.PUBLISHED)

    def get_serializer_class(self):
        return BulletinDetailSerializer if self.action == "retrieve" else BulletinListSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Published monthly assessments (月考评)",
        description=(
            "One assessment per month for the whole city; drafts are not served. Newest "
            "first, page-numbered. Filters: ``since``/``until`` (``YYYY-MM``)."
        ),
        examples=[
            OpenApiExample(
                "page",
                value={"count": 1, "next": None, "previous": None, "results": [ASSESSMENT_EXAMPLE]},
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One published assessment with the scores the caller may see",
        description=(
            "``scores`` holds the units and mid-level leaders of the caller's scope (a station "
            "sees its own score and its leaders'), each with the raw inputs, the deductions and "
            "the rank among its level; ``scheme`` is the scheme exactly as it was scored with. "
            "Look an assessment up by its month, e.g. ``/api/v1/assessments/2026-10/``."
        ),
        examples=[OpenApiExample("assessment", value=ASSESSMENT_DETAIL_EXAMPLE, response_only=True)],
    ),
)
class AssessmentViewSet(ScopedReadOnlyViewSet):
    queryset = Assessment.objects.all()
    capability = "pull_reports"
    filterset_class = AssessmentFilterSet
    ordering_fields = ["period"]
    ordering = ["-period"]
    lookup_field = "period"
    lookup_value_regex = r"\d{4}-\d{2}"

    def get_base_queryset(self):
        return assessment_api_queryset(fetched_by=self.request.user, detail=self.action == "retrieve").filter(
            status=AssessmentStatus.PUBLISHED
        )

    def get_serializer_class(self):
        return AssessmentDetailSerializer if self.action == "retrieve" else AssessmentListSerializer
