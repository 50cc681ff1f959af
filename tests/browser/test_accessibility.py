"""Keyboard use, visible focus, error summaries and reflow at 320 CSS pixels.

axe-core runs on every page the journeys reach (test_journeys.py); what it cannot judge
is tested here by driving the pages as a keyboard user and at 400 % zoom would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from protocols.models import Protocol
from reporting.models import CommitteeReport

from .support import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: GOV.UK Frontend's focus colour.
FOCUS_YELLOW = "rgb(255, 221, 0)"

FOCUS_STYLE = """yellow => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;  // the focus has left the page
  const s = getComputedStyle(el);
  return {
    text: (el.innerText || el.value || el.id || el.tagName).trim().slice(0, 60),
    outline: s.outlineStyle !== 'none' && s.outlineColor === yellow ? s.outlineWidth : '',
    background: s.backgroundColor,
    shadow: s.boxShadow,
  };
}"""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, audit):
    sign_in(page, "bromley-member")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["height"] > 10 and box["width"] > 50, "the skip link stays hidden"
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
    audit.check(page)


@pytest.mark.parametrize("path", ["/", "/protocols/", "/subgroups/add/"])
def test_every_tab_stop_shows_where_the_focus_is(page, path):
    sign_in(page, "bromley-bm-hwb")
    page.goto(path)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLE, FOCUS_YELLOW)
        if style is None or style["text"] in seen:  # past the last stop, or round again
            break
        seen.append(style["text"])
        visible = (
            style["outline"] not in ("", "0px")
            or style["background"] == FOCUS_YELLOW
            or FOCUS_YELLOW in style["shadow"]
        )
        assert visible, f"no visible focus on {style['text']!r} at {path}: {style}"
    assert len(seen) >= 5, f"only {len(seen)} tab stops on {path}"


def test_form_errors_are_summarised_above_the_heading_and_link_to_their_fields(page, audit):
    sign_in(page, "bromley-bm-hwb")
    page.goto("/subgroups/add/")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Add a subgroup – Partnership protocols")
    heading_box = page.get_by_role("heading", level=1).bounding_box()
    assert summary.bounding_box()["y"] < heading_box["y"], "the summary is not above the h1"
    links = summary.get_by_role("link")
    expect(summary).to_contain_text("Enter the name.")
    for link in links.all():
        target = link.get_attribute("href")
        field = page.locator(target)
        expect(field).to_have_count(1)
        group = page.locator(".govuk-form-group--error").filter(has=field)
        expect(group.locator(".govuk-error-message")).to_contain_text(link.inner_text())
    summary.locator('a[href="#id_name"]').click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    audit.check(page)


def test_pages_reflow_at_320_pixels_without_scrolling_sideways(new_page):
    """320 CSS pixels wide is a 1280-pixel screen at 400 % zoom (WCAG 1.4.10)."""
    protocol = Protocol.objects.get(reference="bolton-bscb-bhwb")
    report = CommitteeReport.objects.get(area__slug="islington")
    page = new_page(viewport={"width": 320, "height": 256}, device_scale_factor=4)
    sign_in(page, "admin")
    too_wide = {}
    for path in (
        "/",
        protocol.get_absolute_url(),
        "/protocols/new/?area=bolton",
        "/subgroups/add/",
        "/reports/",
        report.get_absolute_url(),
    ):
        page.goto(path)
        scroll_width, inner_width = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            too_wide[path] = scroll_width
    assert not too_wide, f"pages wider than 320 px: {too_wide}"
