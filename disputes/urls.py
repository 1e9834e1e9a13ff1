from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.DisputeListView.as_view(), name="index"),
    path("triage/", views.TriageView.as_view(), name="triage"),
    path("triage/run/", views.IntakeRunView.as_view(), name="intake_run"),
    path("for-notice/", views.ForNoticeView.as_view(), name="for_notice"),
    path("new/", views.OpenView.as_view(), name="open"),
    path("<int:pk>/", views.DisputeDetailView.as_view(), name="detail"),
    path("<int:pk>/assess/", views.AssessView.as_view(), name="assess"),
    path("<int:pk>/assess/preview/", views.AssessPreviewView.as_view(), name="assess_preview"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/visit/", views.VisitView.as_view(), name="visit"),
    path("<int:pk>/resolve/", views.ResolveView.as_view(), name="resolve"),
    path("<int:pk>/township/", views.TownshipView.as_view(), name="township"),
    path("<int:pk>/parties/add/", views.PartyAddView.as_view(), name="party_add"),
    path("<int:pk>/notice/", views.NoticeDraftView.as_view(), name="notice_draft"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/submit/", views.NoticeSubmitView.as_view(), name="notice_submit"),
    path("notices/<int:pk>/decide/", views.NoticeDecideView.as_view(), name="notice_decide"),
    path("notices/<int:pk>/deliver/", views.NoticeDeliverView.as_view(), name="notice_deliver"),
    path("notices/<int:pk>/pdf/", views.NoticePdfView.as_view(), name="notice_pdf"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("review/pdf/", views.ReviewPdfView.as_view(), name="review_pdf"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/items/new/", views.ChecklistItemEditView.as_view(), name="item_new"),
    path("settings/items/<int:pk>/", views.ChecklistItemEditView.as_view(), name="item_edit"),
    path("settings/scoring/", views.ScoringModelPublishView.as_view(), name="scoring_publish"),
]
