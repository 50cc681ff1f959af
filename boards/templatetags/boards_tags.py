"""Small template helpers for record pages."""

from django import template

register = template.Library()

HIDDEN_FIELDS = {"id", "created", "modified", "user"}


@register.filter
def attr(obj, name: str):
    """Return ``obj.name`` (calling it when it is a method), for table columns."""
    value = getattr(obj, name, "")
    return value() if callable(value) else value


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.filter
def field_rows(obj) -> list[tuple[str, object]]:
    """Return (label, value) for each concrete field, with choice labels shown as words."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.name)
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        rows.append((field.verbose_name, value))
    return rows
