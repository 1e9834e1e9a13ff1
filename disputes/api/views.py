from django.db.models import Prefetch

from supervision.api.base import ScopedReadOnlyViewSet

from ..filtersets import DisputeFilterSet
from ..models import Dispute, RiskAssessment
from .serializers import DisputeDetailSerializer, DisputeListSerializer


class DisputeViewSet(ScopedReadOnlyViewSet):
    """Dispute records in the caller's scope, with the same filters as the list page.

    Filters: ``unit`` (and below), ``status`` (or ``open``), ``colour`` (red/yellow/blue/none),
    ``dispute_type``, ``origin``, ``overdue`` (yes/no), ``since``/``until`` (reported date), ``q``.
    """

    queryset = Dispute.objects.all()
    capability = "view_disputes"
    filterset_class = DisputeFilterSet
    ordering_fields = ["occurred_at", "proposed_score", "next_visit_due", "updated_at"]
    ordering = ["-occurred_at", "-id"]

    def get_base_queryset(self):
        qs = Dispute.objects.select_related("unit", "incident")
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                "parties",
                "visits",
                "notices__issuing_unit",
                Prefetch(
                    "assessments",
                    queryset=RiskAssessment.objects.select_related("scoring_model", "assessed_by"),
                ),
            )
        return qs

    def get_serializer_class(self):
        return DisputeDetailSerializer if self.action == "retrieve" else DisputeListSerializer
