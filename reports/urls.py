from django.urls import path

from . import assessment_views, bulletin_views, dashboard_views, quarterly_views, review_views

app_name = "reports"

urlpatterns = [
    path("bulletins/", bulletin_views.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/<int:pk>/", bulletin_views.BulletinDetailView.as_view(), name="bulletin"),
    path("bulletins/<int:pk>/edit/", bulletin_views.BulletinEditView.as_view(), name="bulletin_edit"),
    path(
        "bulletins/<int:pk>/publish/", bulletin_views.BulletinPublishView.as_view(), name="bulletin_publish"
    ),
    path(
        "bulletins/<int:pk>/acknowledge/",
        bulletin_views.BulletinAcknowledgeView.as_view(),
        name="bulletin_acknowledge",
    ),
    path("bulletins/<int:pk>/pdf/", bulletin_views.BulletinPdfView.as_view(), name="bulletin_pdf"),
    path("bulletins/<int:pk>/xlsx/", bulletin_views.BulletinXlsxView.as_view(), name="bulletin_xlsx"),
    path("reviews/", review_views.ReviewListView.as_view(), name="reviews"),
    path("reviews/new/", review_views.ReviewCreateView.as_view(), name="review_new"),
    path("reviews/choose/", review_views.SelectionCreateView.as_view(), name="selection_new"),
    path("reviews/choices/<int:pk>/", review_views.SelectionDetailView.as_view(), name="selection"),
    path("quarterly/", quarterly_views.QuarterlyView.as_view(), name="quarterly"),
    path("quarterly/pdf/", quarterly_views.QuarterlyPdfView.as_view(), name="quarterly_pdf"),
    path("quarterly/xlsx/", quarterly_views.QuarterlyXlsxView.as_view(), name="quarterly_xlsx"),
    path("quarterly/items/", quarterly_views.QuarterlyItemsView.as_view(), name="quarterly_items"),
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
