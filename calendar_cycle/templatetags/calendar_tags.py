"""Template helpers of the calendar pages."""

import datetime as dt
import functools

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

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


@functools.lru_cache(maxsize=1)
def _occurrence_url_prefix() -> str:
    # The detail address with a placeholder id, worked out once: rows only change the id.
    return reverse("calendar_cycle:occurrence_detail", args=[0]).removesuffix("0/")


_NO_WINDOW = mark_safe('<span class="govuk-visually-hidden">No window</span>–')


@register.filter
def occurrence_row(occurrence) -> str:
    """Return one row of a table of occurrences (a filter: a year's calendar has hundreds,
    and one format_html is several times lighter than a template row).

    Every value written by someone is escaped by format_html.
    """
    review = occurrence.kind == "review"
    obligation = occurrence.obligation
    if review:
        what, parties = "Review of the protocol", "The parties"
    else:
        what = Truncator(obligation.description).chars(120)
        parties = f"{obligation.owing_display} to {obligation.receiving_display}"
    if occurrence.opens_on:
        window = format_html("{} to {}", day(occurrence.opens_on), day(occurrence.due_on))
    else:
        window = _NO_WINDOW
    return format_html(
        '<tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell"><a class="govuk-link" href="{}{}/">{}</a>\n'
        '        <br><span class="govuk-body-s">{}<a class="govuk-link" href="{}">{}</a>'
        "</span></td>\n"
        '      <td class="govuk-table__cell">{}</td>\n'
        '      <td class="govuk-table__cell">{}</td>\n'
        '      <td class="govuk-table__cell">{}</td>\n'
        '      <td class="govuk-table__cell">{}</td>\n'
        "    </tr>",
        _occurrence_url_prefix(),
        occurrence.pk,
        what,
        "Obligation in " if occurrence.obligation_id else "",
        obligation_url(occurrence),
        occurrence.version.title,
        parties,
        window,
        day(occurrence.due_on),
        state_tag(occurrence),
    )
