"""Template filters for record pages: table cells, articles and error-summary anchors."""

from django import forms, template

register = template.Library()


@register.filter
def attr(obj, name: str):
    """Return ``obj.name`` (calling it when it is a method), for table columns."""
    value = getattr(obj, name, "")
    return value() if callable(value) else value


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.filter
def field_anchor(bound_field) -> str:
    """Return the id the error summary links to: the first option of a set of choices.

    The GOV.UK template pack numbers radios and checkboxes ``id_<name>_1``, ``_2``, ...,
    and a link to the bare ``id_<name>`` would go nowhere.
    """
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def first_field_anchor(form) -> str:
    """Return the anchor of the form's first visible field, for errors of the whole form."""
    fields = form.visible_fields()
    return field_anchor(fields[0]) if fields else ""


@register.filter
def an(noun: str) -> str:
    """Return the noun with its indefinite article: "an organisation", "a board"."""
    noun = str(noun)
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
