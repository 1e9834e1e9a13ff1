from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.WarningListView.as_view(), name="index"),
    path("<int:pk>/", views.WarningDetailView.as_view(), name="warning"),
    path("risk-points/", views.RiskPointListView.as_view(), name="risk_points"),
    path("risk-points/<slug:code>/", views.RiskPointDetailView.as_view(), name="risk_point"),
    path("patrols/", views.PatrolRunListView.as_view(), name="patrols"),
    path("patrols/<int:pk>/", views.PatrolRunDetailView.as_view(), name="patrol"),
    path("calendar/", views.CalendarListView.as_view(), name="calendar"),
    path("calendar/import/", views.CalendarImportView.as_view(), name="calendar_import"),
    path("calendar/<int:year>/", views.CalendarYearDetailView.as_view(), name="calendar_year"),
]
