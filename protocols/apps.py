from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "protocols"
    verbose_name = "Protocols"

    def ready(self) -> None:
        # Register the protocols models with the one permission policy at start-up, so
        # visibility never depends on which module happened to be imported first.
        from . import permissions  # noqa: F401
