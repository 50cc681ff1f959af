"""The demo report: Islington's paper of 10 October 2013, cleared, with the protocol attached."""

from __future__ import annotations

import datetime as dt
import io
import os
from unittest.mock import patch
from zoneinfo import ZoneInfo

import docx
import pytest
from django.apps import apps
from django.test import TestCase
from pypdf import PdfReader

from boards.demo import load as load_boards
from boards.management.commands.load_demo import DEMO_LOADERS
from boards.models import Meeting
from protocols.demo import load as load_protocols
from protocols.models import Protocol
from reporting import selectors
from reporting.demo import DemoDataError, load
from reporting.exports import document
from reporting.exports.docx import render_report_docx
from reporting.exports.pdf import render_report_pdf
from reporting.models import CommitteeReport
from tests.reporting.test_exports import HOUSE_HEADINGS, in_order

LONDON = ZoneInfo("Europe/London")


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def _demo_report() -> CommitteeReport:
    return CommitteeReport.objects.select_related("meeting", "board", "area").get(
        area__slug="islington", title="Protocol between HWBB and ISCB"
    )


class TestDemoReport(TestCase):
    @classmethod
    def setUpTestData(cls):
        with patch.dict(os.environ):
            os.environ.pop("DEMO_PASSWORD", None)
            load_boards()
        load_protocols()
        cls.result = load()

    def test_the_islington_report_is_cleared_for_the_hwbb_meeting_of_10_october_2013(self):
        report = _demo_report()
        assert report.status == CommitteeReport.Status.CLEARED
        assert (report.board.short_name, report.meeting.date) == ("HWBB", dt.date(2013, 10, 10))
        assert report.report_of == "Director of Children's Services"
        assert (report.wards, report.part) == ("All wards", CommitteeReport.Part.PUBLIC)
        assert report.contact_name == "Lynn Mattai"
        assert list(report.recommendations.values_list("text", flat=True)) == [
            "That the HWBB note and agree the attached protocol."
        ]
        assert report.submitted_by_name == "Lynn Mattai"
        assert (report.cleared_by_name, report.cleared_as) == (
            "Noor Halvorsen (demo)",
            "Head of Democratic Services",
        )
        assert report.cleared_at == dt.datetime(2013, 10, 2, 9, 30, tzinfo=LONDON)

    def test_every_named_clearance_is_recorded_before_the_deadlines(self):
        report = _demo_report()
        found = selectors.configured_deadlines(report.meeting_on)
        assert list(report.clearances.values_list("role", "decision")) == [
            ("finance", "cleared"),
            ("legal", "cleared"),
        ]
        assert not found.report_missed(submitted_at=report.submitted_at, now=report.cleared_at)
        assert all(c.decided_at < report.cleared_at for c in report.clearances.all())
        assert str(report.clearances.get(role="finance").officer) == "Sasha Whitcombe (demo)"

    def test_appendix_a_is_the_demo_protocol(self):
        report = _demo_report()
        protocol = Protocol.objects.get(area__slug="islington", reference="islington-hwbb-iscb")
        assert [(a.letter, a.protocol_version_id) for a in report.appendices.all()] == [
            ("A", protocol.current_version_id)
        ]

    def test_the_demo_report_prints_in_the_house_format_with_its_protocol(self):
        doc = document.build(selectors.report_for_export(_demo_report().pk), member=True)
        text = " ".join(
            " ".join(p.extract_text().split())
            for p in PdfReader(io.BytesIO(render_report_pdf(doc))).pages
        )
        headings = [h for h in HOUSE_HEADINGS if not h[:1].isdigit()]
        assert in_order(text, headings) == []
        assert (
            in_order(
                text,
                [
                    "1. Synopsis",
                    "2. Recommendations",
                    "2.1 That the HWBB note and agree the attached protocol.",
                    "3. Background",
                    "4. Implications",
                    "4.2 Legal implications Section 195 of the Health and Social Care Act 2012",
                    "5. Conclusion and reasons for recommendations",
                    "Inspection of services for children in need of help and protection",
                    "Appendix A: Protocol agreement between Islington HWBB and ISCB",
                    "Appendix A: Protocol agreement between Islington HWBB and ISCB",
                    "Schedule of obligations",
                ],
            )
            == []
        )
        word = docx.Document(io.BytesIO(render_report_docx(doc)))
        assert word.core_properties.title == "Protocol between HWBB and ISCB"

    def test_loading_again_changes_nothing(self):
        before = _row_counts()
        result = load()
        assert _row_counts() == before
        assert result.created.total() == 0


def test_the_command_loads_the_reports_after_the_protocols():
    assert DEMO_LOADERS.index("reporting.demo.load") > DEMO_LOADERS.index("protocols.demo.load")


def test_loading_without_the_boards_demo_refuses_and_writes_nothing(db):
    with pytest.raises(
        DemoDataError,
        match="The Islington HWBB meeting of 10 October 2013 is missing: load the boards demo "
        "first.",
    ):
        load()
    assert not CommitteeReport.objects.exists()
    assert not Meeting.objects.exists()


def test_a_report_loaded_before_the_protocols_gets_its_appendix_later(db):
    with patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        load_boards()
    out = io.StringIO()
    load(stdout=out)
    assert not _demo_report().appendices.exists()
    assert out.getvalue() == (
        "Islington: committee report “Protocol between HWBB and ISCB” created, cleared, without "
        "(load the protocols demo) Appendix A."
    )
    load_protocols()
    out = io.StringIO()
    load(stdout=out)
    assert _demo_report().appendices.count() == 1
    assert out.getvalue() == (
        "Islington: committee report “Protocol between HWBB and ISCB” protocol attached, with "
        "Appendix A."
    )
