from django.urls import path

from . import bulletin_views

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
]
