from django.urls import path

from . import bulletin_views, quarterly_views, review_views

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
]
