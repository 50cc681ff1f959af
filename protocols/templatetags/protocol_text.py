"""Template filters for protocol text: safe rich text and redlines.

``{% load protocol_text %}`` then ``{{ section.body|markdown }}`` for a section's text and
``{{ change.body|redline_html }}`` for a word diff from ``protocols.redline``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from protocols.redline import DELETE, EQUAL, INSERT
from protocols.rendering import render_markdown

register = template.Library()

# The hidden words tell screen reader users what the strike-through and underline show.
_WRAPPERS = {
    INSERT: ('<ins><span class="govuk-visually-hidden">inserted: </span>', "</ins>"),
    DELETE: ('<del><span class="govuk-visually-hidden">deleted: </span>', "</del>"),
}


@register.filter(name="markdown")
def markdown_filter(value: str | None) -> SafeString:
    """Render section text (Markdown or a little HTML) as sanitised HTML."""
    return render_markdown(value or "")


@register.filter
def redline_html(value) -> SafeString:
    """Render a word diff (a ``TextDiff`` or its segments) with ``<ins>`` and ``<del>``.

    Raises:
        ValueError: if a segment's op is not equal, insert or delete.
    """
    segments: Iterable = getattr(value, "segments", value) or ()
    parts = []
    for op, text in segments:
        if op == EQUAL:
            parts.append(escape(text))
        elif op in _WRAPPERS:
            opening, closing = _WRAPPERS[op]
            parts.append(f"{opening}{escape(text)}{closing}")
        else:
            raise ValueError(f"Unknown diff operation {op!r}.")
    return mark_safe("".join(parts))  # noqa: S308 - every segment is escaped above
