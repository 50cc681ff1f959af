"""Occurrences as an iCalendar (RFC 5545) calendar, for feeds and the command line.

Every occurrence is an all-day event: a window spans from the day it opens to the day it
is due (``DTEND`` is the day after, as RFC 5545 counts it); a deadline is the one day.
UIDs come from the obligation's stable key and the period, not the row's id, so a
calendar client updates the same event when the dates change, when the occurrence is
regenerated, and when a new version of the protocol keeps the obligation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from protocols.timing import format_date

from .models import Occurrence

PRODID = "-//Partnership protocols//Calendar cycle//EN"
_DAY = dt.timedelta(days=1)


def uid_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def occurrence_uid(occurrence: Occurrence) -> str:
    """Return the event's UID, the same for the same duty and period across regenerations."""
    if occurrence.kind == Occurrence.Kind.REVIEW:
        stem = f"review-{occurrence.version.protocol_id}-{occurrence.version_id}"
        return f"{stem}-{occurrence.period_key}@{uid_host()}"
    return f"{occurrence.obligation.key}-{occurrence.period_key}@{uid_host()}"


def parties_label(occurrence: Occurrence) -> str:
    """Return the party boards' short names, "HWB and BSCB", from prefetched parties."""
    names = [p.board.short_name for p in occurrence.version.parties.all()]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def owing_label(occurrence: Occurrence) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return parties_label(occurrence)
    return occurrence.obligation.owing_display


def receiving_label(occurrence: Occurrence) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return parties_label(occurrence)
    return occurrence.obligation.receiving_display


def summary(occurrence: Occurrence) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return f"Review of {occurrence.version.title}"
    description = " ".join(occurrence.obligation.description.split())
    if len(description) > 80:
        description = description[:79].rstrip() + "…"
    return f"{owing_label(occurrence)} to {receiving_label(occurrence)}: {description}"


def _description(occurrence: Occurrence, link: str) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        lines = [occurrence.title]
    else:
        lines = [" ".join(occurrence.obligation.description.split())]
    lines.append(f"Protocol: {occurrence.version.title}")
    if occurrence.opens_on:
        lines.append(
            f"Between {format_date(occurrence.opens_on)} and {format_date(occurrence.due_on)}."
        )
    else:
        lines.append(f"Due by {format_date(occurrence.due_on)}.")
    lines.append(f"State: {occurrence.get_state_display()}.")
    if link:
        lines.append(link)
    return "\n".join(lines)


def build_calendar(
    occurrences: Iterable[Occurrence],
    *,
    name: str,
    link_for: Callable[[Occurrence], str] | None = None,
) -> icalendar.Calendar:
    """Return a calendar of ``occurrences``.

    Pass occurrences with ``version__protocol`` and the obligation's boards and posts
    selected, and ``version__parties__board`` prefetched, or each event costs queries.
    ``link_for`` returns the absolute address of an occurrence's page, if there is one.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for occurrence in occurrences:
        calendar.add_component(_event(occurrence, link_for(occurrence) if link_for else ""))
    return calendar


def _event(occurrence: Occurrence, link: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", occurrence_uid(occurrence))
    event.add("dtstamp", occurrence.modified)
    event.add("last-modified", occurrence.modified)
    event.add("summary", summary(occurrence))
    event.add("dtstart", occurrence.opens_on or occurrence.due_on)
    event.add("dtend", occurrence.due_on + _DAY)
    event.add("transp", "TRANSPARENT")
    event.add("description", _description(occurrence, link))
    event.add("categories", [occurrence.get_state_display()])
    event.add("status", "CANCELLED" if occurrence.state == Occurrence.State.WAIVED else "CONFIRMED")
    if link:
        event.add("url", link)
    return event


def to_ical(occurrences: Iterable[Occurrence], *, name: str, link_for=None) -> bytes:
    """Return the calendar of ``occurrences`` serialised, CRLF line ends and all."""
    return build_calendar(occurrences, name=name, link_for=link_for).to_ical()
