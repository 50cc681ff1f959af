"""Template helpers of the calendar pages."""

from django import template

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
