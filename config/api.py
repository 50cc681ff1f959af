"""The /api/v1/ router. Each app registers its viewsets in its ``api/views.py``."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

from boards.api.views import register as _register_boards  # noqa: E402

_register_boards(router)
