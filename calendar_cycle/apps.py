from django.apps import AppConfig


class CalendarCycleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendar_cycle"
    verbose_name = "Calendar cycle"
