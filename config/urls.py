"""The URL map: browser pages per app, the API under /api/v1/, its schema and docs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from boards.views import HomeView

from .api import router


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("protocols/", include("protocols.urls")),
    path("reports/", include("reporting.urls")),
    path("calendar/", include("calendar_cycle.urls")),
    # Public pages (no sign-in): the check of a signed PDF and the signed protocols.
    path("verify/", include("protocols.verify_urls")),
    path("public/", include("reporting.public_urls")),
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/token/", include("boards.api.token_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads Swagger UI's set-up as a script file, so no inline script is needed
    # under the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
