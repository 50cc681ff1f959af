from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        # Register the reporting models with the one permission policy at start-up, so
        # visibility never depends on which module happened to be imported first.
        from . import permissions  # noqa: F401
