"""The journeys people make through the product, in a real browser, on the demo data.

Every page a journey reaches is checked by axe-core (WCAG 2.0-2.2, A and AA) and must have
one h1; see ``support.Audit``.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pypdf
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from boards.models import Board
from protocols import services as protocol_services
from protocols.models import Protocol, ProtocolVersion
from reporting.models import CommitteeReport

from .support import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def heading(page):
    return page.get_by_role("heading", level=1)


def notice(page):
    """The success banner the page shows after a change."""
    return page.locator(".govuk-notification-banner--success")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_business_manager_adds_a_subgroup_with_a_chair_and_schedules_a_meeting(
    new_page, audit, javascript
):
    page = new_page(javascript=javascript)
    audit.axe = javascript
    subgroup = "Children's mental health group" + ("" if javascript else " (plain pages)")
    meeting_day = dt.date.today() + dt.timedelta(days=60)

    sign_in(page, "bromley-bm-hwb")
    expect(heading(page)).to_have_text("Your areas")
    audit.check(page, shot="home")

    page.get_by_role("link", name=re.compile(r"^Bromley")).click()
    expect(heading(page)).to_have_text("Bromley")
    audit.check(page, shot="area-overview")

    page.get_by_role("link", name="Bromley Health and Wellbeing Board", exact=True).first.click()
    expect(heading(page)).to_have_text("Bromley Health and Wellbeing Board")
    expect(page.locator("main")).to_contain_text("No subgroups recorded.")
    audit.check(page, shot="board")

    page.get_by_role("link", name="Add a subgroup to H&WB").click()
    expect(heading(page)).to_have_text("Add a subgroup")
    audit.check(page)
    page.get_by_label("Name", exact=True).fill(subgroup)
    page.get_by_label("Standing").check()
    page.get_by_label("Remit").fill("Joins up the boards' work on children's mental health.")
    page.get_by_label("Chair", exact=True).select_option(label="Cllr David Jefferys")
    page.get_by_label("Quarterly").check()
    page.get_by_label("Start date").fill("2026-04-01")
    page.get_by_role("button", name="Save").click()

    expect(notice(page)).to_contain_text("Subgroup added.")
    expect(heading(page)).to_have_text(subgroup)
    main = page.locator("main")
    expect(main).to_contain_text("Cllr David Jefferys")
    expect(main).to_contain_text("Quarterly")
    audit.check(page)

    page.get_by_role("link", name=re.compile(r"^Bromley Health and Wellbeing Board")).click()
    expect(main.get_by_role("link", name=subgroup)).to_be_visible()
    page.get_by_role("link", name="Schedule a meeting of H&WB").click()
    expect(heading(page)).to_have_text("Schedule a meeting")
    audit.check(page)
    page.get_by_label("Date", exact=True).fill(meeting_day.isoformat())
    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("Place").fill("Civic Centre, Bromley")
    page.get_by_role("button", name="Save").click()

    expect(notice(page)).to_contain_text("Meeting added.")
    expect(heading(page)).to_have_text(f"H&WB meeting, {meeting_day.day} {meeting_day:%b %Y}")
    expect(main).to_contain_text("Civic Centre, Bromley")
    expect(main).to_contain_text("Scheduled")
    audit.check(page, shot="meeting")


def _add_obligation(page, *, description: str, owed_by: str, owed_to: str, timing) -> None:
    page.get_by_role("link", name="Add an obligation to section 1").click()
    expect(heading(page)).to_have_text("Add an obligation")
    page.get_by_label("Owed by", exact=True).select_option(label=owed_by)
    page.get_by_label("What", exact=True).select_option(label="Present a report")
    page.get_by_label("Description", exact=True).fill(description)
    page.get_by_label("Owed to").select_option(label=owed_to)
    timing(page)
    page.get_by_role("button", name="Save the obligation").click()


def _window(page):
    page.get_by_label("Between two months each year").check()
    page.get_by_label("Window opens").select_option(label="October")
    page.get_by_label("Window closes").select_option(label="January")


def _deadline(page):
    page.get_by_label("By a date each year").check()
    page.get_by_label("Deadline month").select_option(label="June")
    page.get_by_label("Day of the month (optional)").fill("30")


def _after_meetings(page):
    page.get_by_label("After every meeting of a board").check()
    page.get_by_label("Board", exact=True).select_option(label="H&WB")
    page.get_by_label("Within how many days of each meeting").fill("10")
    page.get_by_label("Count working days only").first.check()


def test_business_managers_draft_and_consult_on_a_protocol(new_page, audit):
    hwb = "Bromley Health and Wellbeing Board (H&WB)"
    bscb = "Bromley Safeguarding Children Board (BSCB)"
    page = new_page()
    sign_in(page, "bromley-bm-hwb")
    page.get_by_role("link", name="Protocols", exact=True).first.click()
    expect(heading(page)).to_have_text("Protocols")
    audit.check(page)
    page.get_by_role("button", name="Start a protocol").click()
    expect(heading(page)).to_have_text("Start a protocol")
    audit.check(page)
    page.get_by_label("Title").fill("Protocol on children's emotional wellbeing")
    page.get_by_label("Short reference").fill("bromley-wellbeing")
    page.get_by_label(hwb).check()
    page.get_by_label(bscb).check()
    page.get_by_label("Purpose").fill("How the two boards work together on wellbeing.")
    page.get_by_role("button", name="Start the protocol").click()

    expect(notice(page)).to_contain_text("Protocol started. Add its sections and obligations.")
    expect(heading(page)).to_have_text("Protocol on children's emotional wellbeing")
    expect(page.locator("main")).to_contain_text("This version has no sections yet.")
    audit.check(page)

    for title, text in (
        ("Purpose of the protocol", "The boards agree how they hold each other to account."),
        ("Reporting between the boards", "Each board reports to the other every year."),
    ):
        page.get_by_role("button", name="Add a section").click()
        expect(heading(page)).to_have_text("Add a section")
        audit.check(page)
        page.get_by_label("Heading").fill(title)
        page.get_by_role("textbox", name="Text").fill(text)
        page.get_by_role("button", name="Save").click()
        expect(notice(page)).to_contain_text("Section added.")
    sections = page.locator("main h2")
    expect(sections.filter(has_text="1. Purpose of the protocol")).to_have_count(1)
    expect(sections.filter(has_text="2. Reporting between the boards")).to_have_count(1)

    _add_obligation(
        page,
        description="The BSCB annual report.",
        owed_by=bscb,
        owed_to=hwb,
        timing=_window,
    )
    audit.check(page)
    _add_obligation(
        page,
        description="The Joint Strategic Needs Assessment.",
        owed_by=hwb,
        owed_to=bscb,
        timing=_deadline,
    )
    _add_obligation(
        page,
        description="A summary of each H&WB meeting's decisions on children.",
        owed_by=hwb,
        owed_to=bscb,
        timing=_after_meetings,
    )
    obligations = page.locator("#section-1")
    expect(obligations).to_contain_text("Each year between 1 October and 31 January")
    expect(obligations).to_contain_text("By 30 June each year")
    expect(obligations).to_contain_text("Within 10 working days after every meeting of the H&WB")
    audit.check(page, shot="protocol-draft")

    page.get_by_role("button", name="Send to the parties for consultation").click()
    expect(notice(page)).to_contain_text("Version 1 is now in consultation.")
    expect(page.locator("main .app-status").first).to_have_text("In consultation")

    other = new_page()
    sign_in(other, "bromley-bm-bscb")
    other.goto(page.url)
    other.get_by_role("link", name=re.compile("open comments")).click()
    expect(heading(other)).to_have_text("Consultation comments")
    audit.check(other)
    other.get_by_label("Comment on section 2").fill("Please name the month the report is due.")
    other.locator("#comments-2").get_by_role("button", name="Add comment").click()
    expect(notice(other)).to_contain_text("Comment added.")
    expect(other.locator("main")).to_contain_text("1 comment is open.")

    page.reload()
    expect(page.locator("main")).to_contain_text("1 open comment")
    page.get_by_role("link", name=re.compile("open comment")).click()
    thread = page.locator(".govuk-summary-card", has_text="Please name the month")
    expect(thread).to_contain_text("bromley-bm-bscb")
    thread.get_by_role("button", name="Resolve this comment").click()
    expect(notice(page)).to_contain_text("Comment resolved.")
    expect(page.locator("main")).to_contain_text("0 comments are open.")
    expect(thread).to_contain_text("Resolved by bromley-bm-hwb")
    audit.check(page)


@pytest.fixture
def protocol_awaiting_approval():
    """A Bromley protocol its business managers have sent to the boards for approval."""
    users = get_user_model().objects
    manager = users.get(username="bromley-bm-hwb")
    boards = list(Board.objects.filter(area__slug="bromley", short_name__in=["H&WB", "BSCB"]))
    protocol = protocol_services.protocol_create(
        actor=manager,
        area=boards[0].area,
        reference="bromley-early-help",
        title="Protocol on early help",
        boards=boards,
    )
    version = protocol.current_version
    section = protocol_services.section_add(
        actor=manager, version=version, heading="Early help", body="The boards share plans."
    )
    protocol_services.obligation_add(
        actor=manager,
        version=version,
        section=section,
        what="present_report",
        description="The early help strategy.",
        timing={"kind": "fixed_month", "month": 9},
        owing_board=boards[0],
        receiving_board=boards[1],
    )
    protocol_services.version_transition(actor=manager, version=version, name="request_approval")
    return protocol


def test_each_board_approves_each_chair_signs_and_the_signed_pdf_verifies(
    new_page, audit, protocol_awaiting_approval
):
    url = protocol_awaiting_approval.current_version.get_absolute_url()
    for username, board in (("bromley-chair-hwb", "H&WB"), ("bromley-chair-bscb", "BSCB")):
        page = new_page()
        sign_in(page, username)
        page.goto(url)
        expect(heading(page)).to_have_text("Protocol on early help")
        audit.check(page)
        page.get_by_role("link", name=f"Record the {board}'s approval").click()
        expect(heading(page)).to_have_text(f"Record the {board}'s approval")
        expect(page.locator("main")).to_contain_text(f"({board}) to approve version 1")
        audit.check(page)
        page.get_by_label("Date of decision").fill("2026-11-02")
        page.get_by_label("Minute reference (optional)").fill(f"Minute 7/2026 ({board})")
        page.get_by_role("button", name="Record the approval").click()
        expect(notice(page)).to_contain_text(f"The {board}'s approval is recorded.")
        expect(page.locator("#approvals")).to_contain_text(f"Minute 7/2026 ({board})")
    expect(page.locator("main .app-status").first).to_have_text("Approved")

    for username, board in (("bromley-chair-hwb", "H&WB"), ("bromley-chair-bscb", "BSCB")):
        page = new_page()
        sign_in(page, username)
        page.goto(url)
        page.get_by_role("button", name=f"Sign for the {board}").click()
        expect(heading(page)).to_have_text(f"Sign version 1 for the {board}")
        audit.check(page)
        page.get_by_label("Your password").fill("not my password")
        page.get_by_role("button", name="Sign the protocol").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        audit.check(page)
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Sign the protocol").click()
        expect(notice(page)).to_contain_text(f"You have signed version 1 for the {board}.")
    expect(page.locator("main .app-status").first).to_have_text("Signed")
    expect(page.locator("#signatures")).to_contain_text("Annie Callanan")
    audit.check(page, shot="protocol-signed")

    # The last signature issues the signed PDF; anyone can check a copy on /verify/.
    page.reload()
    with page.expect_download() as signed:
        page.get_by_role("link", name="Download the signed PDF of version 1").first.click()
    pdf = signed.value.path()
    assert "Protocol on early help" in pypdf.PdfReader(pdf).pages[0].extract_text()
    public = new_page()
    public.goto("/verify/")
    audit.check(public)
    public.get_by_label("PDF file").set_input_files(pdf)
    public.get_by_role("button", name="Check the PDF").click()
    expect(heading(public)).to_have_text("The PDF is genuine")
    summary = public.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Signed for the H&WB")
    expect(summary).to_contain_text("Signed for the BSCB")
    audit.check(public, shot="verified")


def test_democratic_services_builds_clears_and_exports_a_committee_report(new_page, audit):
    version = ProtocolVersion.objects.get(protocol__reference="bromley-hwb-bscb", number=1)
    page = new_page()
    sign_in(page, "bromley-democratic-services")
    page.goto(f"/reports/from-protocol/?version={version.pk}")
    expect(heading(page)).to_have_text("Start a report to approve this protocol")
    audit.check(page)
    page.get_by_role("group", name="Meeting").get_by_role("radio").first.check()
    page.get_by_label("Agenda item").fill("7")
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(notice(page)).to_contain_text("Report started.")
    expect(heading(page)).to_have_text("Protocol between H&WB and BSCB — for approval")
    expect(page.locator("main")).to_contain_text("note and agree the attached protocol")
    audit.check(page, shot="report")

    page.get_by_role("link", name="Change the report").click()
    audit.check(page)
    report_of = page.get_by_label("Report of (post)")
    report_of.select_option(report_of.locator("option", has_text="Chief Executive").inner_text())
    for name in (
        "Financial implications",
        "Legal implications",
        "Equalities impact assessment",
        "Environmental implications",
    ):
        page.get_by_label(name, exact=True).fill("None arising from the protocol.")
    page.get_by_role("button", name="Save the report").click()

    page.get_by_role("link", name="Name the officers who must clear it").click()
    expect(heading(page)).to_have_text("Officers who must clear the report")
    audit.check(page)
    page.get_by_label("Officer", exact=True).select_option(label="Kerry Davies")
    page.get_by_label("Legal").check()
    page.get_by_role("button", name="Name this officer").click()
    expect(page.locator("main table")).to_contain_text("Kerry Davies")
    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("button", name="Send for clearance").click()
    expect(heading(page)).to_have_text("Send for clearance")
    audit.check(page)
    page.locator("main").get_by_role("button", name="Send for clearance").click()
    expect(page.locator("main .govuk-tag").first).to_have_text("In clearance")
    report_url = page.url

    officer = new_page()
    sign_in(officer, "bromley-bm-bscb")
    officer.goto(report_url)
    officer.get_by_role("button", name="Record your clearance").click()
    expect(heading(officer)).to_have_text("Record your clearance")
    audit.check(officer)
    officer.get_by_label("I clear the report").check()
    officer.get_by_role("button", name="Record my decision").click()
    expect(notice(officer)).to_contain_text("Your clearance is recorded.")

    page.reload()
    page.get_by_role("button", name="Clear the report").click()
    audit.check(page)
    page.locator("main").get_by_role("button", name="Clear the report").click()
    expect(page.locator("main .govuk-tag").first).to_have_text("Cleared")
    audit.check(page)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF (member version, with the clearance log)").click()
    reader = pypdf.PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Protocol between H&WB and BSCB" in text
    assert "Kerry Davies" in text

    with page.expect_download() as docx_download:
        page.get_by_role(
            "link", name="Word document (member version, with the clearance log)"
        ).click()
    document = docx.Document(str(docx_download.value.path()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Protocol between H&WB and BSCB — for approval" in paragraphs


def test_a_member_of_another_area_cannot_reach_any_of_it(new_page, audit):
    protocol = Protocol.objects.get(reference="bromley-hwb-bscb")
    board = Board.objects.get(area__slug="bromley", short_name="BSCB")
    report = CommitteeReport.objects.get(area__slug="islington")
    page = new_page()
    sign_in(page, "bolton-member")
    for path in (
        "/areas/bromley/",
        board.get_absolute_url(),
        protocol.get_absolute_url(),
        protocol.current_version.get_absolute_url(),
        f"{protocol.current_version.get_absolute_url()}comments/",
        report.get_absolute_url(),
        f"{report.get_absolute_url()}report.pdf",
    ):
        response = page.goto(path)
        assert response.status == 404, f"{path} answered {response.status}"
        expect(heading(page)).to_have_text("Page not found")
        audit.check(page)

    page.goto("/protocols/")
    expect(page.locator("main")).not_to_contain_text("Bromley")
    page.goto("/")
    expect(page.locator("main")).not_to_contain_text("Bromley")
    expect(page.locator("main")).to_contain_text("Bolton")
