from django.apps import AppConfig


class CalendarCycleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendar_cycle"
    verbose_name = "Calendar cycle"

    def ready(self) -> None:
        # Registers the app's models with the one permission policy.
        from . import permissions  # noqa: F401
