from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("incidents/", views.IncidentListView.as_view(), name="incidents"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("persons/", views.PersonListView.as_view(), name="persons"),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("measures/", views.MeasureListView.as_view(), name="measures"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure"),
    path("property/", views.PropertyListView.as_view(), name="property_list"),
    path("property/<int:pk>/", views.PropertyDetailView.as_view(), name="property"),
    path("venue-visits/", views.VenueVisitListView.as_view(), name="visits"),
    path("venue-visits/<int:pk>/", views.VenueVisitDetailView.as_view(), name="visit"),
    path("venues/", views.VenueListView.as_view(), name="venues"),
    path("venues/<int:pk>/", views.VenueDetailView.as_view(), name="venue"),
    path("sessions/", views.SessionListView.as_view(), name="sessions"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path("case-files/", views.CaseFileListView.as_view(), name="case_files"),
    path("case-files/<int:pk>/", views.CaseFileDetailView.as_view(), name="case_file"),
    path("documents/", views.DocumentListView.as_view(), name="documents"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/<slug:slug>.<str:fmt>", views.TemplateDownloadView.as_view(), name="template"),
    path("ingestions/", views.IngestionListView.as_view(), name="ingestions"),
    path("ingestions/<int:pk>/", views.IngestionDetailView.as_view(), name="ingestion"),
    path("ingestions/<int:pk>/progress/", views.IngestionProgressView.as_view(), name="ingestion_progress"),
    path("ingestions/<int:pk>/commit/", views.IngestionCommitView.as_view(), name="ingestion_commit"),
]
