from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("audit/", views.AuditEventListView.as_view(), name="audit"),
    path("jobs/", views.JobRunListView.as_view(), name="jobs"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit"),
]
