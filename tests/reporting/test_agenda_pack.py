"""The agenda pack: a meeting's reports in agenda order, a contents page, page numbers."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reporting import selectors, services
from reporting.exports import document
from reporting.exports.pdf import render_agenda_pack, render_report_pdf
from reporting.models import CommitteeReport
from tests.protocols.pdf_support import build_protocol
from tests.reporting.support import clear, make_report, publish


def pages_of(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def contents(first_page: str, titles: list[str]) -> list[tuple[str, int]]:
    """Return (title, page) for each title on the contents page, in the order printed."""
    found = []
    for title in titles:
        match = re.search(
            re.escape(title) + r"(?: \(Part 2: not for publication\))? (\d+)", first_page
        )
        if match:
            found.append((match.start(), title, int(match.group(1))))
    return [(title, page) for _, title, page in sorted(found)]


@pytest.fixture
def agenda(office):
    """Three published reports out of agenda order (one with a protocol appendix), a draft,
    a cleared one and a Part 2 report, all for the same meeting."""
    version = build_protocol(office)
    made = {
        "Item three": publish(
            office, clear(office, make_report(office, title="Item three", agenda_item=3))
        ),
        "Item one": publish(
            office,
            clear(
                office,
                make_report(office, title="Item one", agenda_item=1, appendix_versions=[version]),
            ),
        ),
        "Item two": publish(
            office, clear(office, make_report(office, title="Item two", agenda_item=2))
        ),
        "Still a draft": make_report(office, title="Still a draft", agenda_item=4),
        "Cleared only": clear(office, make_report(office, title="Cleared only", agenda_item=5)),
        "Exempt item": publish(
            office,
            clear(
                office,
                make_report(
                    office, title="Exempt item", agenda_item=0, part="exempt", exempt_paragraph=3
                ),
            ),
        ),
    }
    return made


def _docs(meeting, *, include_cleared, member):
    reports = selectors.agenda_reports(
        meeting=meeting, include_cleared=include_cleared, include_exempt=member
    )
    versions = document.appendix_versions(reports)
    return [document.build(r, member=member, versions=versions) for r in reports]


def test_the_pack_has_published_reports_in_agenda_order(office, agenda):
    docs = _docs(office.meeting, include_cleared=False, member=False)
    assert [d.title for d in docs] == ["Item one", "Item two", "Item three"]


def test_the_member_pack_puts_part_2_after_part_1_and_officers_see_cleared_reports(office, agenda):
    docs = _docs(office.meeting, include_cleared=True, member=True)
    assert [d.title for d in docs] == [
        "Item one",
        "Item two",
        "Item three",
        "Cleared only",
        "Exempt item",
    ]


def test_contents_entries_and_page_numbers_match_the_pages(office, agenda):
    docs = _docs(office.meeting, include_cleared=False, member=False)
    data = render_agenda_pack(office.meeting, docs, member=False)
    pages = pages_of(data)
    assert "Contents" in pages[0]
    entries = contents(pages[0], [d.title for d in docs])
    assert [title for title, _ in entries] == ["Item one", "Item two", "Item three"]
    # Each report starts on the page its entry gives, and runs until the next one starts.
    lengths = [len(pages_of(render_report_pdf(d))) for d in docs]
    expected_start = 2
    for (title, page), length in zip(entries, lengths, strict=True):
        assert page == expected_start, title
        assert f"SUBJECT {title}" in pages[page - 1]
        expected_start += length
    assert len(pages) == 1 + sum(lengths)
    assert lengths[0] > 1  # Item one carries the protocol as Appendix A
    total = len(pages)
    assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, start=1))


def test_the_pack_leaves_out_drafts_and_cleared_reports_for_readers(office, agenda):
    data = render_agenda_pack(
        office.meeting, _docs(office.meeting, include_cleared=False, member=False), member=False
    )
    text = " ".join(pages_of(data))
    assert "Still a draft" not in text
    assert "Cleared only" not in text
    assert "Exempt item" not in text


def test_a_pack_with_no_reports_says_so(office):
    data = render_agenda_pack(office.meeting, [], member=False)
    (page,) = pages_of(data)
    assert "No reports are ready for this meeting yet." in page
    assert "Agenda pack: Alderley Health and Wellbeing Board, 9 October 2031" in page


def test_only_the_newest_published_revision_goes_in(office):
    first = publish(office, clear(office, make_report(office, title="Revised item")))
    second = services.report_revise(actor=office.user("democratic_services"), report=first)
    docs = _docs(office.meeting, include_cleared=True, member=False)
    assert [(d.title, d.revision) for d in docs] == [("Revised item", 1)]
    second = publish(office, clear(office, second))
    docs = _docs(office.meeting, include_cleared=True, member=False)
    assert [(d.title, d.revision) for d in docs] == [("Revised item", 2)]
    assert CommitteeReport.objects.filter(title="Revised item").count() == 2
