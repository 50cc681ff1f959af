"""Sign-in is required everywhere except the public pages and the API (which answers 401/403)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/api/",
    "/healthz",
    "/verify/",
    "/public/",
    "/calendar/feeds/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public = PUBLIC_PREFIXES + tuple(getattr(settings, "PUBLIC_PATH_PREFIXES", ()))

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(self.public):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
