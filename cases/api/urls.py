from django.urls import path
from rest_framework.routers import DefaultRouter

from .ingest import ingest_views
from .views import IngestionViewSet, element_viewsets

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for slug, viewset in element_viewsets():
    router.register(slug, viewset, basename=f"element-{slug}")
router.register("ingestions", IngestionViewSet, basename="ingestion")

urlpatterns: list = [
    *[path(f"ingest/{slug}/", view.as_view(), name=f"ingest-{slug}") for slug, view in ingest_views()],
    *router.urls,
]
