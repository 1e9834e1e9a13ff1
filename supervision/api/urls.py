from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("audit-events", views.AuditEventViewSet, basename="auditevent")

urlpatterns = [path("me/", views.MeView.as_view(), name="api-me"), *router.urls]
