from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from supervision import views as supervision_views
from supervision.forms import LoginForm

api_v1 = [
    path("", include("supervision.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("alerts.api.urls")),
    path("", include("disputes.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("healthz", supervision_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("elements/", include("cases.urls")),
    path("warnings/", include("alerts.urls")),
    path("disputes/", include("disputes.urls")),
    path("reports/", include("reports.urls")),
    path("", include("supervision.urls")),
]

# Unknown paths under /api/ answer in the API's JSON error body, not an HTML page.
handler404 = "supervision.api.errors.not_found"
