"""Read endpoints for every element type: list (with the pages' FilterSets) and detail,
scoped by the base viewset, references joined so a page costs a constant few queries."""

from __future__ import annotations

from supervision.api.base import ScopedReadOnlyViewSet

from .. import filtersets as fs
from .. import ingest
from ..models import Ingestion
from ..selectors import element_queryset
from .serializers import IngestionSerializer, element_serializer

# slug → (FilterSet, fields a client may order by)
READ_ENDPOINTS = {
    "incidents": (fs.IncidentFilterSet, ["received_at", "number", "updated_at"]),
    "cases": (fs.CaseFilterSet, ["accepted_at", "filed_at", "number", "last_activity_at", "updated_at"]),
    "case-events": (fs.CaseEventFilterSet, ["occurred_at", "updated_at"]),
    "persons": (fs.PersonFilterSet, ["name", "updated_at"]),
    "measures": (fs.MeasureFilterSet, ["started_at", "ended_at", "updated_at"]),
    "limit-changes": (fs.LimitChangeFilterSet, ["effective_at", "updated_at"]),
    "property": (fs.PropertyFilterSet, ["seized_at", "stored_at", "value", "updated_at"]),
    "property-movements": (fs.PropertyMovementFilterSet, ["moved_out_at", "updated_at"]),
    "venues": (fs.VenueFilterSet, ["code", "name"]),
    "venue-visits": (fs.VenueVisitFilterSet, ["entered_at", "exited_at", "updated_at"]),
    "venue-movements": (fs.VenueMovementFilterSet, ["out_at", "updated_at"]),
    "sessions": (fs.SessionFilterSet, ["started_at", "updated_at"]),
    "case-files": (fs.CaseFileFilterSet, ["archived_at", "updated_at"]),
    "documents": (fs.DocumentFilterSet, ["issued_at", "served_at", "updated_at"]),
}


class ElementViewSet(ScopedReadOnlyViewSet):
    """Elements of one type in the caller's scope."""

    capability = "view_elements"
    slug = ""

    def get_base_queryset(self):
        return element_queryset(ingest.specs()[self.slug])


def element_viewsets() -> list[tuple[str, type[ElementViewSet]]]:
    viewsets = []
    for slug, (filterset, ordering) in READ_ENDPOINTS.items():
        spec = ingest.specs()[slug]
        name = "".join(part.title() for part in slug.split("-")) + "ViewSet"
        # English in the schema whatever the server's language: the model's own docstring.
        doc = f"{slug}: {(spec.model.__doc__ or '').strip().splitlines()[0]}"
        viewset = type(
            name,
            (ElementViewSet,),
            {
                "__doc__": doc,
                "slug": slug,
                "queryset": spec.model._default_manager.all(),
                "serializer_class": element_serializer(slug),
                "filterset_class": filterset,
                "ordering_fields": ordering,
            },
        )
        viewsets.append((slug, viewset))
    return viewsets


class IngestionViewSet(ScopedReadOnlyViewSet):
    """Every batch taken in, by API or file: who, when, counts and problems."""

    capability = "view_elements"
    queryset = Ingestion.objects.all()
    serializer_class = IngestionSerializer
    filterset_class = fs.IngestionFilterSet
    ordering_fields = ["started_at"]

    def get_base_queryset(self):
        return Ingestion.objects.select_related("actor", "unit")
