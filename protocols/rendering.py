"""Section text as rich but safe HTML, and as plain text for word diffs and search.

Authors write Markdown (or a little HTML). It is converted with Python-Markdown and then
sanitised with nh3 against a small allow-list, so whatever the author typed, the output
holds only paragraphs, emphasis, lists, level 3 and 4 headings, quotes, tables and
http/https/mailto links. ``render_markdown`` is the one place where user text becomes a
``SafeString``; templates reach it through ``{{ section.body|markdown }}``.

The module is pure: no database; Django is used only for ``SafeString``.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import quote

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

# No <img>: the same HTML feeds the PDF renderer, which must never fetch anything (a
# remote image would leak who reads the protocol and when; a file:// one could read the
# server's disk). No style, class or id either: the page's own styles decide the look.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "h3",
        "h4",
        "blockquote",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
# Headings are sanitised at every level so that they can then be shifted into h3/h4
# rather than flattened into plain text.
_SANITISED_TAGS = ALLOWED_TAGS | {"h1", "h2", "h5", "h6"}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Tags whose content is code or chrome, never prose meant for the reader.
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
)
# The page around the text owns h1 and h2 (one h1 per page, GOV.UK pattern).
TOP_HEADING_LEVEL = 3
BOTTOM_HEADING_LEVEL = 4

_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
_BLANK_LINES = re.compile(r"\n\s*\n")
_DIGITS = re.compile(r"[0-9]{1,6}")
# Characters with a meaning in a URL (RFC 3986 reserved ones, and "%" of existing escapes).
_URL_SAFE = "!#$%&'()*+,/:;=?@[]"
_URL_TRIM = "".join(chr(code) for code in range(0x21))


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        # Only allowed schemes reach here. Spaces and quotes are percent-encoded, as a
        # browser would, so an href never reads like more attributes ('" onclick="').
        value = value.strip(_URL_TRIM).replace("\t", "").replace("\n", "").replace("\r", "")
        return quote(value, safe=_URL_SAFE)
    # An ordered list's start number is part of a protocol's numbering ("3. ..."),
    # so it is kept, but only as a plain number.
    if tag == "ol" and attribute == "start":
        return value if _DIGITS.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_SANITISED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    # "*" is given so that nh3's default global attributes (title, lang) are not kept.
    attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
    attribute_filter=_attribute_filter,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # Relative links would point somewhere different on every page and in the PDF.
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def _shift_heading(match: re.Match[str]) -> str:
    level = min(int(match.group(2)) + TOP_HEADING_LEVEL - 1, BOTTOM_HEADING_LEVEL)
    return f"<{match.group(1)}h{level}>"


# A pure function of the text, and a good share of a protocol page's time: every section is
# rendered on every view, so each process keeps the sections it has rendered lately.
@functools.lru_cache(maxsize=1024)
def _safe_html(text: str) -> str:
    if not text or text.isspace():
        return ""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    cleaned = _CLEANER.clean(html)
    # Safe to rewrite with a pattern: after cleaning, every "<" in text or in an
    # attribute value is escaped, and headings carry no attributes.
    shifted = _HEADING_TAG.sub(_shift_heading, cleaned)
    # Removed tags leave their line breaks behind; with no <pre> allowed, whitespace
    # is never significant, so blank lines can go.
    return _BLANK_LINES.sub("\n", shifted).strip()


def render_markdown(text: str) -> SafeString:
    """Return ``text`` (Markdown or a little HTML) as sanitised HTML, safe to output."""
    return mark_safe(_safe_html(text))  # noqa: S308 - sanitised by the allow-list above


_BLOCK_TAGS = frozenset(
    {"p", "li", "h3", "h4", "blockquote", "ul", "ol", "table", "thead", "tbody", "tr"}
)
_CELL_SEPARATOR = " | "


class _TextExtractor(HTMLParser):
    """Collect the text of sanitised HTML, one line per block, list items marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._prefix = ""
        # One entry per open list: None for a bulleted list, else the next number.
        self._lists: list[int | None] = []
        self._cells_in_row = 0

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
        if text:
            self.lines.append(self._prefix + text)
        self._buffer = []
        self._prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._flush()
        elif tag in ("td", "th"):
            if self._cells_in_row:
                self._buffer.append(_CELL_SEPARATOR)
            self._cells_in_row += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "tr":
                self._cells_in_row = 0
            elif tag == "ul":
                self._lists.append(None)
            elif tag == "ol":
                start = dict(attrs).get("start")
                self._lists.append(int(start) if start else 1)
            elif tag == "li" and self._lists:
                number = self._lists[-1]
                indent = "  " * (len(self._lists) - 1)
                if number is None:
                    self._prefix = f"{indent}- "
                else:
                    self._prefix = f"{indent}{number}. "
                    self._lists[-1] = number + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def plain_text(text: str) -> str:
    """Return the words a reader sees in ``text``: one line per block, no markup.

    List items keep their bullet ("- ") or number ("3. "), nested items are indented,
    and table cells are separated by " | ", so a word diff still reads sensibly.
    """
    extractor = _TextExtractor()
    extractor.feed(_safe_html(text))
    extractor.close()
    return "\n".join(extractor.lines)
