from supervision.api.base import ScopedReadOnlyViewSet

from ..filtersets import WarningFilterSet
from ..selectors import warning_base_queryset
from .serializers import WarningSerializer


class WarningViewSet(ScopedReadOnlyViewSet):
    """Warnings of the caller's scope, open ones unless ``state`` says otherwise."""

    queryset = warning_base_queryset()
    serializer_class = WarningSerializer
    capability = "view_warnings"
    filterset_class = WarningFilterSet
    ordering_fields = ["due_at", "updated_at", "raised_at", "level_rank"]
    ordering = ["-updated_at", "-id"]
