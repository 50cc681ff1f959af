"""Section text: Markdown and a little HTML become safe HTML, or plain text for diffs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.rendering import ALLOWED_TAGS, ALLOWED_URL_SCHEMES, plain_text, render_markdown

STRIPPED_LINK = '<p><a rel="noopener noreferrer">click</a></p>'


def test_render_returns_a_safe_string():
    assert isinstance(render_markdown("Hello"), SafeString)


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""


def test_emphasis_renders_strong_and_em():
    html = render_markdown("Boards *must* share **minutes** after every meeting.")
    assert html == "<p>Boards <em>must</em> share <strong>minutes</strong> after every meeting.</p>"


def test_paragraphs_and_hard_line_break():
    html = render_markdown("First line  \nsecond line\n\nNext paragraph")
    assert html == "<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>"


def test_text_that_looks_like_markup_is_escaped():
    assert render_markdown("a < b > c & d") == "<p>a &lt; b &gt; c &amp; d</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Purpose", "<h3>Purpose</h3>"),
        ("## Background", "<h4>Background</h4>"),
        ("### Detail", "<h4>Detail</h4>"),
        ("###### Fine print", "<h4>Fine print</h4>"),
        ("Purpose\n=======", "<h3>Purpose</h3>"),
        ("Background\n----------", "<h4>Background</h4>"),
        ("<h1>Raw top heading</h1>", "<h3>Raw top heading</h3>"),
        ('<h2 id="x" class="big" onclick="go()">Raw</h2>', "<h4>Raw</h4>"),
        ("<h5>Raw small</h5>", "<h4>Raw small</h4>"),
    ],
)
def test_headings_shift_below_the_page_heading(text, expected):
    assert render_markdown(text) == expected


def test_nested_list_renders_exactly():
    text = "- Share minutes\n    - with the chair\n    - with the lead officer\n- Meet quarterly"
    assert render_markdown(text) == (
        "<ul>\n<li>Share minutes<ul>\n<li>with the chair</li>\n"
        "<li>with the lead officer</li>\n</ul>\n</li>\n<li>Meet quarterly</li>\n</ul>"
    )


def test_ordered_list_keeps_its_start_number():
    assert render_markdown("3. Third\n4. Fourth") == (
        '<ol start="3">\n<li>Third</li>\n<li>Fourth</li>\n</ol>'
    )


def test_ordered_list_start_that_is_not_a_number_is_dropped():
    html = render_markdown('<ol start="1;background:red"><li>One</li></ol>')
    assert html == "<ol><li>One</li></ol>"


def test_mixed_list_kinds_stay_separate():
    assert render_markdown("1. First\n\n- Bullet") == (
        "<ol>\n<li>First</li>\n</ol>\n<ul>\n<li>Bullet</li>\n</ul>"
    )


def test_requirement_method_table_renders_without_alignment_styles():
    text = (
        "| REQUIREMENT | METHOD |\n"
        "|:---|---:|\n"
        "| Each Board will share learning | BSCB will present its report in September |"
    )
    assert render_markdown(text) == (
        "<table>\n<thead>\n<tr>\n<th>REQUIREMENT</th>\n<th>METHOD</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Each Board will share learning</td>\n"
        "<td>BSCB will present its report in September</td>\n</tr>\n</tbody>\n</table>"
    )


def test_blockquote_renders_exactly():
    assert render_markdown("> Safeguarding is everyone's business.") == (
        "<blockquote>\n<p>Safeguarding is everyone's business.</p>\n</blockquote>"
    )


def test_link_gets_noopener_noreferrer_and_loses_its_title():
    html = render_markdown('[Working Together](https://www.gov.uk/wt "Statutory guidance")')
    assert html == (
        '<p><a href="https://www.gov.uk/wt" rel="noopener noreferrer">Working Together</a></p>'
    )


def test_raw_link_keeps_only_href_and_our_rel():
    html = render_markdown('<a href="http://example.org/" target="_blank" rel="opener">x</a>')
    assert html == '<p><a href="http://example.org/" rel="noopener noreferrer">x</a></p>'


def test_link_with_spaces_and_quotes_is_percent_encoded():
    html = render_markdown("<a href=\" https://a.example/a b?q='x'&amp;r=%20\">Hi</a>")
    assert html == (
        "<p><a href=\"https://a.example/a%20b?q='x'&amp;r=%20\" "
        'rel="noopener noreferrer">Hi</a></p>'
    )


def test_link_to_an_address_with_accents_is_percent_encoded():
    html = render_markdown("[Café](https://example.org/café)")
    assert html == (
        '<p><a href="https://example.org/caf%C3%A9" rel="noopener noreferrer">Café</a></p>'
    )


def test_mailto_link_is_kept():
    html = render_markdown("[Email the clerk](mailto:clerk@example.org)")
    assert html == (
        '<p><a href="mailto:clerk@example.org" rel="noopener noreferrer">Email the clerk</a></p>'
    )


def test_url_autolink_becomes_a_link():
    html = render_markdown("See <https://example.org/a?b=1&c=2>.")
    assert html == (
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>"
    )


def test_email_autolink_becomes_a_readable_mailto_link():
    html = render_markdown("<clerk@example.org>")
    assert html == (
        '<p><a href="mailto:clerk@example.org" rel="noopener noreferrer">clerk@example.org</a></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="  javascript:alert(1)">click</a>',
        '<a href="java\tscript:alert(1)">click</a>',
        '<a href="java&#x09;script:alert(1)">click</a>',
        '<a href="&#106;avascript:alert(1)">click</a>',
        '<a href="&#x6A;&#x61;&#x76;&#x61;script&#x3A;alert(1)">click</a>',
        '<a href="javascript&colon;alert(1)">click</a>',
        '<a href="vbscript:msgbox(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">click</a>',
        "[click](file:///etc/passwd)",
        "[click](/admin/)",
        "[click](//evil.example/path)",
        "[click](#section-3)",
    ],
)
def test_link_without_an_allowed_absolute_url_loses_its_href(text):
    assert render_markdown(text) == STRIPPED_LINK


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("<script>alert('x')</script>Hello", "Hello", ["<script", "alert"]),
        ("Hello <SCRIPT SRC=http://evil.example/x.js></SCRIPT>", "Hello", ["script", "evil"]),
        ("<scr<script>ipt>alert(1)</script>Hi", "Hi", ["<script", "<scr"]),
        ('<img src="x" onerror="alert(1)">Hi', "Hi", ["<img", "onerror", "alert"]),
        ('<img src="file:///etc/passwd">Hi', "Hi", ["<img", "file:", "passwd"]),
        ('<img src="http://tracker.example/p.png">Hi', "Hi", ["<img", "tracker"]),
        ("![logo](http://tracker.example/p.png) Hi", "Hi", ["<img", "tracker", "logo"]),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>", ["onclick", "steal"]),
        ('<p style="position:fixed;top:0">Hi</p>', "<p>Hi</p>", ["style", "fixed"]),
        ("<style>body{display:none}</style>Hi", "Hi", ["<style", "display"]),
        ('<iframe src="https://evil.example"></iframe>Hi', "Hi", ["<iframe", "evil"]),
        ('<svg onload="alert(1)"><circle r="1"/></svg>Hi', "Hi", ["<svg", "onload", "alert"]),
        ('<a href="https://a.example" onmouseover="go()">Hi</a>', "Hi", ["onmouseover", "go()"]),
        ("<!--[if IE]><script>alert(1)</script><![endif]-->Hi", "Hi", ["<!--", "script"]),
        ('<form action="https://evil.example"><input name="q"></form>Hi', "Hi", ["<form", "<in"]),
        ('<object data="https://evil.example/x.swf"></object>Hi', "Hi", ["<object", "evil"]),
        ("<math><mtext><script>alert(1)</script></mtext></math>Hi", "Hi", ["<math", "script"]),
        ('[Hi](https://a.example/" onclick="alert(1))', "Hi", [" onclick", '"alert']),
    ],
)
def test_dangerous_markup_is_removed_and_the_prose_kept(text, kept, dropped):
    html = render_markdown(text)
    assert kept in html
    for fragment in dropped:
        assert fragment.lower() not in html.lower()


def test_raw_html_block_in_markdown_is_sanitised_and_not_read_as_markdown():
    text = '<div class="x">\n*not emphasis*\n<script>steal()</script>\n</div>\n\nAfter *this*'
    assert render_markdown(text) == "*not emphasis*\n<p>After <em>this</em></p>"


def test_comment_is_removed():
    assert render_markdown("<!-- draft note -->Text") == "<p>Text</p>"


def test_markdown_filter_renders_safe_html_in_a_template():
    template = Template("{% load protocol_text %}<div>{{ body|markdown }}</div>")
    html = template.render(Context({"body": "<script>x()</script>**Agreed**"}))
    assert html == "<div><p><strong>Agreed</strong></p></div>"


def test_markdown_filter_renders_nothing_for_none():
    template = Template("{% load protocol_text %}[{{ body|markdown }}]")
    assert template.render(Context({"body": None})) == "[]"


def test_plain_text_drops_markup_and_keeps_words():
    text = "# Purpose\n\nBoards *must* share [minutes](https://example.org).  \nEvery time."
    assert plain_text(text) == "Purpose\nBoards must share minutes.\nEvery time."


def test_plain_text_marks_list_items_and_indents_nested_ones():
    text = "3. Third\n4. Fourth\n\n- Share minutes\n    - with the chair\n- Meet"
    assert plain_text(text) == "3. Third\n4. Fourth\n- Share minutes\n  - with the chair\n- Meet"


def test_plain_text_separates_table_cells():
    text = "| REQUIREMENT | METHOD |\n|---|---|\n| Share learning | Annual report |"
    assert plain_text(text) == "REQUIREMENT | METHOD\nShare learning | Annual report"


def test_plain_text_unescapes_entities_and_drops_scripts():
    assert plain_text("Fish &amp; chips <script>alert(1)</script>< 5") == "Fish & chips < 5"


def test_plain_text_collapses_soft_line_breaks():
    assert plain_text("> one\n> two\n\nthree\nfour") == "one two\nthree four"


# Pieces an attacker would try, mixed with arbitrary text so that they land in every
# position Markdown cares about (line starts, inside lists, after backslashes, ...).
ATTACK_PIECES = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<scr<script>ipt>",
    '<img src="file:///etc/passwd" onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html,hi)",
    '<p onmouseover="alert(1)">x</p>',
    '<div style="x" onclick=alert(1)>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    "<!--",
    "-->",
    "<",
    ">",
    '"',
    "'",
    "`",
    "\n",
    "\n\n",
    "    ",
    "# ",
    "- ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "[link](https://example.org)",
    "<https://example.org>",
    "**",
    "\\",
]
ON_ATTRIBUTE = re.compile(r"\son[a-z]+=", re.IGNORECASE)


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ATTACK_PIECES), st.text(max_size=20)), max_size=12))
def test_rendered_markup_never_carries_script_handlers_or_unsafe_links(pieces):
    """Whatever the input, the output's markup has no script, no on*= and no javascript:.

    The check is on the markup, not the visible words: a protocol may mention the text
    "javascript:" in prose, which is escaped and harmless.
    """
    html = render_markdown("".join(pieces))
    assert "<script" not in html.lower()
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    for tag, attrs, raw in collector.tags:
        assert tag in ALLOWED_TAGS
        assert not ON_ATTRIBUTE.search(raw)
        assert "javascript:" not in raw.lower()
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("a", "rel"), ("ol", "start")}
            if name == "href":
                assert urlsplit(value or "").scheme.lower() in ALLOWED_URL_SCHEMES
            if name == "rel":
                assert value == "noopener noreferrer"
            if name == "start":
                assert (value or "").isdigit()
