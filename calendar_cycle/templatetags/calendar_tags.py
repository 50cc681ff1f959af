"""Template helpers of the calendar pages."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def obligation_url(occurrence) -> str:
    """Return where the occurrence's duty is written: its section of the protocol version."""
    url = occurrence.version.get_absolute_url()
    obligation = occurrence.obligation
    if obligation is None:
        return url
    if obligation.section_id:
        return f"{url}#section-{obligation.section.order}"
    return f"{url}#obligations"


#: the GOV.UK tag colour of each state
STATE_COLOURS = {
    "upcoming": "grey",
    "open": "blue",
    "due_soon": "yellow",
    "overdue": "red",
    "done": "green",
    "waived": "purple",
}


@register.filter
def state_tag(occurrence) -> str:
    """Return the occurrence's state as a GOV.UK tag (a filter: pages show hundreds)."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATE_COLOURS.get(occurrence.state, "grey"),
        occurrence.get_state_display(),
    )
