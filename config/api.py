"""The /api/v1/ router. Each app registers its viewsets in its ``api/views.py``."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

from boards.api.views import register as _register_boards  # noqa: E402
from protocols.api.views import register as _register_protocols  # noqa: E402
from reporting.api.views import register as _register_reporting  # noqa: E402

_register_boards(router)
_register_protocols(router)
_register_reporting(router)
