from django.urls import path

from . import finding_views, flow_views, views

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
    # --- rectification workflow (flow)
    path("rectification/", flow_views.InboxView.as_view(), name="rectification"),
    path("rectification/to-fix/", flow_views.ToFixView.as_view(), name="to_fix"),
    path("<int:pk>/act/<slug:action>/", flow_views.WarningActionView.as_view(), name="warning_act"),
    path("exemptions/", flow_views.ExemptionListView.as_view(), name="exemptions"),
    path("policy/", flow_views.PolicyView.as_view(), name="policy"),
    path("notifications/", flow_views.NotificationListView.as_view(), name="notifications"),
    path("webhooks/", flow_views.WebhookListView.as_view(), name="webhooks"),
    path("webhooks/new/", flow_views.WebhookCreateView.as_view(), name="webhook_new"),
    path("webhooks/<int:pk>/", flow_views.WebhookEditView.as_view(), name="webhook"),
    path("summons/<int:pk>/", flow_views.SummonsView.as_view(), name="summons"),
    path("summons/<int:pk>/pdf/", flow_views.SummonsPdfView.as_view(), name="summons_pdf"),
    path("attachments/<int:pk>/", flow_views.AttachmentView.as_view(), name="attachment"),
    # Findings (三个监督检查), routing and the negative list.
    path("<int:pk>/route/", finding_views.WarningRouteView.as_view(), name="warning_route"),
    path("spot-checks/", finding_views.SpotCheckListView.as_view(), name="spot_checks"),
    path("spot-checks/<int:pk>/", finding_views.SpotCheckDetailView.as_view(), name="spot_check"),
    path("petitions/", finding_views.PetitionListView.as_view(), name="petitions"),
    path("petitions/<int:pk>/", finding_views.PetitionDetailView.as_view(), name="petition"),
    path("negative-list/", finding_views.NegativeListView.as_view(), name="negative_list"),
    path("negative-list/hits/", finding_views.NegativeListHitListView.as_view(), name="negative_list_hits"),
]
