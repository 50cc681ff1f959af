"""The calendar in a real browser: what's due, the calendar and its filter without
JavaScript, recording a duty done, and making a feed. axe-core checks every page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from calendar_cycle.generation import generate_occurrences

from .support import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def cycle():
    generate_occurrences(today=dt.date(2026, 4, 1))


def test_a_business_manager_finds_what_is_due_and_records_it_done(cycle, page, audit):
    sign_in(page, "bromley-bm-bscb")
    page.get_by_role("link", name="What's due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What's due")
    audit.check(page, shot="calendar-whats-due")
    page.get_by_role(
        "link", name="The Independent Chair of the BSCB presents", exact=False
    ).first.click()
    audit.check(page, shot="calendar-occurrence")
    page.get_by_label("Note (optional)").fill("Presented with the position statement.")
    page.get_by_role("button", name="Record as done").click()
    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_contain_text(
        "Recorded as done."
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Done on")


def test_the_calendar_passes_axe_by_year_and_by_month(cycle, page, audit):
    sign_in(page, "bromley-bm-hwb")
    page.get_by_role("link", name="Calendar", exact=True).click()
    audit.check(page, shot="calendar-year")
    page.goto("/calendar/areas/bromley/?view=month&year=2026&month=1")
    audit.check(page, shot="calendar-month")


def test_the_calendar_filters_without_javascript(cycle, new_page):
    page = new_page(javascript=False)
    sign_in(page, "bromley-bm-hwb")
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_label("Show").select_option("month")
    page.get_by_label("State").select_option("upcoming")
    page.get_by_role("button", name="Show").click()
    assert "view=month" in page.url and "state=upcoming" in page.url
    page.get_by_role("link", name="Next month", exact=False).click()
    assert "state=upcoming" in page.url


def test_a_feed_is_made_and_its_address_shown(cycle, page, audit):
    sign_in(page, "bromley-bm-hwb")
    page.goto("/calendar/subscriptions/")
    audit.check(page)
    page.get_by_role("button", name="Make a calendar feed").click()
    audit.check(page, shot="calendar-feed-form")
    page.get_by_label("Mine", exact=False).check()
    page.get_by_role("button", name="Make the feed").click()
    address = page.get_by_label("Feed address").input_value()
    assert address.endswith(".ics") and "/calendar/feeds/" in address
    audit.check(page, shot="calendar-feeds")
    response = page.request.get(address)
    assert response.status == 200
    assert "BEGIN:VCALENDAR" in response.text()
