"""Template helpers of the calendar pages."""

import datetime as dt
import functools

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _version_url(protocol_id: int, number: int) -> str:
    return reverse("protocols:version_detail", kwargs={"pk": protocol_id, "number": number})


@register.filter
def obligation_url(occurrence) -> str:
    """Return where the occurrence's duty is written: its section of the protocol version."""
    # Hundreds of rows share a handful of versions; their address is worked out once.
    url = _version_url(occurrence.version.protocol_id, occurrence.version.number)
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


@register.filter
def day(value: dt.date | None) -> str:
    """Return a date as "1 Oct 2026" (a lighter filter than ``date`` for long tables)."""
    return f"{value.day} {value:%b %Y}" if value else ""
