from django.urls import path

from .ingest import ingest_views

urlpatterns: list = [
    *[path(f"ingest/{slug}/", view.as_view(), name=f"ingest-{slug}") for slug, view in ingest_views()],
]
