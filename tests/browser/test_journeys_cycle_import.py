"""Journeys 4 and 6 in a real browser, on the demo data: an officer records a duty done and
sees the compliance figure move; a business manager imports a protocol from a Word file.

Every page a journey reaches is checked by axe-core (WCAG 2.0-2.2, A and AA) and must have
one h1; see ``support.Audit``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from protocols.models import ProtocolImport, ProtocolVersion
from tests.importer.builders import make_docx
from tests.importer.conftest import load_seed

from .support import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DUTY = "The Independent Chair of the BSCB presents"


def heading(page):
    return page.get_by_role("heading", level=1)


def year_figures(page) -> dict[str, int]:
    """The compliance page's figures for the year, by column: the first table's one row."""
    table = page.locator("table.govuk-table").first
    headers = table.locator("thead th").all_inner_texts()
    cells = table.locator("tbody td").all_inner_texts()
    return {
        header.strip(): int(re.match(r"\d+", cell.strip()).group())
        for header, cell in zip(headers, cells, strict=True)
        if header.strip() != "On time"
    }


@pytest.fixture
def cycle():
    generate_occurrences(today=dt.date(2026, 4, 1))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_officer_records_a_duty_done_and_the_compliance_figure_moves(
    cycle, new_page, audit, javascript
):
    page = new_page(javascript=javascript)
    audit.axe = javascript
    sign_in(page, "bromley-bm-bscb")
    page.get_by_role("link", name="What's due").click()
    expect(heading(page)).to_have_text("What's due")
    audit.check(page, shot="whats-due")

    page.get_by_role("link", name=DUTY, exact=False).first.click()
    expect(heading(page)).to_contain_text(DUTY)
    audit.check(page, shot="occurrence")
    occurrence_url = page.url
    occurrence = Occurrence.objects.select_related("version").get(
        pk=int(re.search(r"/occurrences/(\d+)/", occurrence_url).group(1))
    )
    today = timezone.localdate()
    was, becomes = (
        ("Not yet due", "Met on time") if occurrence.due_on >= today else ("Overdue", "Met late")
    )
    compliance = (
        reverse("reporting:protocol_compliance", args=[occurrence.version.protocol_id])
        + f"?year={occurrence.financial_year}"
    )

    page.goto(compliance)
    expect(heading(page)).to_have_text(f"Compliance: {occurrence.version.title}")
    audit.check(page, shot="compliance-before")
    before = year_figures(page)
    assert before[was] >= 1, before

    page.goto(occurrence_url)
    page.get_by_label("Link (optional)").fill("https://democracy.bromley.gov.uk/bscb-report")
    page.get_by_label("Note (optional)").fill("Presented with the position statement.")
    page.get_by_role("button", name="Record as done").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Recorded as done.")
    summary = page.locator(".govuk-summary-list")
    done_row = summary.locator(".govuk-summary-list__row", has_text="Done on")
    expect(done_row).to_contain_text(f"{today.day} {today:%B %Y}")
    expect(summary).to_contain_text("https://democracy.bromley.gov.uk/bscb-report")
    expect(summary).to_contain_text("Presented with the position statement.")
    audit.check(page, shot="occurrence-done")

    page.goto(compliance)
    after = year_figures(page)
    expected = {**before, was: before[was] - 1, becomes: before[becomes] + 1}
    assert after == expected, (before, after)


def test_a_business_manager_imports_a_protocol_from_word_and_accepts_its_obligations(
    page, audit, tmp_path
):
    seed = load_seed("bolton_2015_bscb_bhwb_protocol")
    document = tmp_path / "bolton-protocol.docx"
    document.write_bytes(make_docx(seed.text))

    sign_in(page, "bolton-bm-bscb")
    page.get_by_role("link", name="Protocols", exact=True).first.click()
    expect(heading(page)).to_have_text("Protocols")
    audit.check(page)
    page.get_by_role("button", name="Import a protocol").click()
    expect(heading(page)).to_contain_text("Import")
    audit.check(page, shot="import-upload")
    page.get_by_label("Upload a file").set_input_files(document)
    page.get_by_role("button", name="Upload and read").click()

    # The status page refreshes by itself until the reading is done.
    expect(page.get_by_role("button", name="Review what was found")).to_be_visible(timeout=60_000)
    audit.check(page, shot="import-status")
    page.get_by_role("button", name="Review what was found").click()
    audit.check(page, shot="import-review")

    row = ProtocolImport.objects.latest("pk")
    obligations = row.proposal["obligations"]
    assert len(obligations) >= 2, obligations
    page.locator('[name="obligation-1-decision"][value="reject"]').check()
    page.locator('[name="obligation-2-description"]').fill(
        "Present the annual report, as reworded."
    )
    page.get_by_role("button", name="Create the draft protocol").click()

    row.refresh_from_db()
    assert row.status == ProtocolImport.Status.CREATED
    version = row.version
    assert version.status == ProtocolVersion.Status.DRAFT
    expect(heading(page)).to_contain_text(version.title)
    main = page.locator("main")
    for section in version.sections.all():
        expect(main).to_contain_text(section.heading)
    expect(main).to_contain_text("Present the annual report, as reworded.")
    rejected = obligations[0]["description"]
    assert not version.obligations.filter(description=rejected).exists()
    assert version.obligations.count() >= 1
    audit.check(page, shot="import-draft")
