"""The commands: export_report and agenda_pack write their files, or say why not."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests import factories as f
from tests.reporting.support import clear, make_report, publish


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_export_report_writes_a_word_file(office, tmp_path):
    report = clear(office, make_report(office))
    path = tmp_path / "report.docx"
    said = run("export_report", str(report.pk), "--format", "docx", "--out", str(path))
    word = docx.Document(str(path))
    assert word.core_properties.title == report.title
    assert zipfile.is_zipfile(path)
    assert said == (
        f"Wrote {path} ({path.stat().st_size:,} bytes): {report.title}, revision 1, public "
        "version.\n"
    )
    assert "Clearance by named officers" not in [p.text for p in word.paragraphs]


def test_export_report_writes_the_member_pdf(office, tmp_path):
    report = clear(office, make_report(office))
    path = tmp_path / "report.pdf"
    run("export_report", str(report.pk), "--out", str(path), "--member")
    text = pdf_text(path)
    assert "Clearance by named officers" in text
    assert "Revision 1 · Member version" in text


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("abc", "A report is named by its id, a number; 'abc' is not one."),
        ("999999", "There is no committee report with id 999999."),
    ],
)
def test_export_report_says_which_report_it_cannot_find(office, tmp_path, key, message):
    with pytest.raises(CommandError, match=message):
        run("export_report", key, "--out", str(tmp_path / "x.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_export_report_refuses_a_folder_that_does_not_exist(office, tmp_path, draft):
    missing = tmp_path / "nowhere" / "x.pdf"
    with pytest.raises(
        CommandError, match=re.escape(f"The folder {missing.parent} does not exist.")
    ):
        run("export_report", str(draft.pk), "--out", str(missing))


def test_agenda_pack_writes_the_meetings_reports_in_order(office, tmp_path):
    publish(office, clear(office, make_report(office, title="Second item", agenda_item=2)))
    clear(office, make_report(office, title="First item", agenda_item=1))
    make_report(office, title="Draft item", agenda_item=3)
    path = tmp_path / "pack.pdf"
    said = run("agenda_pack", str(office.meeting.pk), "--out", str(path))
    text = pdf_text(path)
    assert text.index("SUBJECT First item") < text.index("SUBJECT Second item")
    assert "Draft item" not in text
    assert said.endswith("2 reports for HWB on 9 October 2031, public version.\n")
    run("agenda_pack", str(office.meeting.pk), "--out", str(path), "--published-only")
    text = pdf_text(path)
    assert "First item" not in text and "SUBJECT Second item" in text


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("x1", "A meeting is named by its id, a number; 'x1' is not one."),
        ("999999", "There is no meeting with id 999999."),
    ],
)
def test_agenda_pack_says_which_meeting_it_cannot_find(office, tmp_path, key, message):
    with pytest.raises(CommandError, match=message):
        run("agenda_pack", key, "--out", str(tmp_path / "pack.pdf"))


def test_agenda_pack_is_for_board_meetings(office, tmp_path):
    subgroup = f.SubgroupFactory(board=office.hwb)
    meeting = f.MeetingFactory(board=None, subgroup=subgroup)
    with pytest.raises(
        CommandError, match="Agenda packs are for board meetings; this is a subgroup's."
    ):
        run("agenda_pack", str(meeting.pk), "--out", str(tmp_path / "pack.pdf"))
