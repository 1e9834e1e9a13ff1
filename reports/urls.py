from django.urls import path

from . import assessment_views, dashboard_views

app_name = "reports"

urlpatterns = [
    # Monthly assessment (月考评)
    path("assessment/", assessment_views.AssessmentListView.as_view(), name="assessment"),
    path("assessment/scheme/", assessment_views.SchemeView.as_view(), name="scheme"),
    path("assessment/scheme/edit/", assessment_views.SchemeEditView.as_view(), name="scheme_edit"),
    path(
        "assessment/score/<int:pk>/",
        assessment_views.AssessmentScoreDetailView.as_view(),
        name="assessment_score",
    ),
    path(
        "assessment/score/<int:pk>/items/<slug:key>/",
        assessment_views.AssessmentDrillDownView.as_view(),
        name="assessment_drill",
    ),
    path(
        "assessment/<str:period>/", assessment_views.AssessmentDetailView.as_view(), name="assessment_detail"
    ),
    path(
        "assessment/<str:period>/publish/",
        assessment_views.AssessmentPublishView.as_view(),
        name="assessment_publish",
    ),
    path(
        "assessment/<str:period>/export.xlsx",
        assessment_views.AssessmentExportView.as_view(),
        name="assessment_export",
    ),
    # Dashboard (执法智慧大屏)
    path("dashboard/wall/", dashboard_views.WallView.as_view(), name="wall"),
    path("dashboard/wall/body/", dashboard_views.WallBodyView.as_view(), name="wall_body"),
    path(
        "dashboard/items/<slug:metric>/", dashboard_views.DashboardItemsView.as_view(), name="dashboard_items"
    ),
]
