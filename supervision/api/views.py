from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..filtersets import AuditEventFilterSet
from ..models import AuditEvent, Unit
from .base import ScopedReadOnlyViewSet
from .serializers import AuditEventSerializer, MeSerializer, UnitSerializer


class MeView(APIView):
    """The signed-in user or API client: unit, role and capabilities."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class UnitViewSet(ScopedReadOnlyViewSet):
    """Units the caller may see: their own scope and every unit below it."""

    queryset = Unit.objects.filter(is_active=True)
    serializer_class = UnitSerializer
    filterset_fields = ["level", "kind", "parent"]
    ordering_fields = ["path", "code", "name"]


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The append-only audit trail, for the caller's scope."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    capability = "view_audit"
    filterset_class = AuditEventFilterSet
    ordering_fields = ["occurred_at"]
