"""Template filters for protocol text.

``{% load protocol_text %}`` then ``{{ section.body|markdown }}`` for a section's text.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from protocols.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str | None) -> SafeString:
    """Render section text (Markdown or a little HTML) as sanitised HTML."""
    return render_markdown(value or "")
