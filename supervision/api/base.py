"""Base viewsets: scoping applied in one place (NetBox/PostHog style).

A viewset declares ``queryset`` and may narrow it in ``get_base_queryset``; it may not
override ``get_queryset``. Rows outside the caller's unit scope are not found (404).
"""

from __future__ import annotations

from rest_framework import mixins, viewsets

from ..audit import set_audit_source
from ..choices import AuditSource
from .permissions import HasCapability


class ScopedViewSetMixin:
    capability: str | None = None
    permission_classes = [HasCapability]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset(); override get_base_queryset() instead so that "
                "scoping cannot be skipped."
            )

    def initial(self, request, *args, **kwargs):
        set_audit_source(AuditSource.API)
        super().initial(request, *args, **kwargs)

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return self.get_base_queryset().visible_to(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedGenericViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    pass


__all__ = [
    "ScopedGenericViewSet",
    "ScopedModelViewSet",
    "ScopedReadOnlyViewSet",
    "ScopedViewSetMixin",
    "mixins",
]
