"""Who reads which report, and who gets the member version with the clearance log."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reporting import permissions, services
from reporting.models import CommitteeReport
from tests.reporting.support import clear, make_report, publish

LOG = "Clearance by named officers"
# Columns: the roles of tests/conftest.py and tests/reporting/conftest.py.
ROLES = (
    "anonymous",
    "member",
    "business_manager",
    "chair",
    "democratic_services",
    "business_manager_b",
    "superuser",
    "finance",
    "ascp_member",
    "ds_b",
)
# fmt: off
READS = {
    #                  anon    member bm    chair  ds     bm_b   super  fin    ascp   ds_b
    "draft":          ("login", 404,  404,  404,   200,   404,   200,   200,   404,   404),
    "published":      ("login", 200,  200,  200,   200,   404,   200,   200,   200,   404),
    "published_part2": ("login", 200, 200,  200,   200,   404,   200,   200,   404,   404),
}
MEMBER_VERSION = {
    "published":      (None,   True,  True, True,  True,  None,  True,  True,  False, None),
    "published_part2": (None,  True,  True, True,  True,  None,  True,  True,  None,  None),
}
# fmt: on


def _report(office, kind: str) -> CommitteeReport:
    if kind == "draft":
        report = make_report(office)
        services.clearance_add(
            actor=office.user("democratic_services"),
            report=report,
            officer=office.finance,
            role="finance",
        )
        return report
    fields = {"part": "exempt", "exempt_paragraph": 2} if kind == "published_part2" else {}
    return publish(office, clear(office, make_report(office, **fields)))


def _outcome(response) -> object:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return response.status_code


@pytest.mark.parametrize("kind", sorted(READS))
def test_each_role_reads_a_report_as_the_policy_says(office, client_for, kind):
    report = _report(office, kind)
    got = {}
    for role in ROLES:
        client = client_for(office.users.get(role))
        got[role] = _outcome(client.get(report.get_absolute_url()))
    assert tuple(got[r] for r in ROLES) == READS[kind]


@pytest.mark.parametrize("kind", sorted(MEMBER_VERSION))
def test_the_member_version_goes_to_democratic_services_officers_and_the_board(
    office, client_for, kind
):
    report = _report(office, kind)
    url = reverse("reporting:report_pdf", kwargs={"pk": report.pk})
    got = {}
    for role in ROLES:
        response = client_for(office.users.get(role)).get(url)
        if response.status_code != 200:
            got[role] = None
            continue
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        got[role] = " ".join(LOG.split()) in " ".join(text.split())
    assert tuple(got[r] for r in ROLES) == MEMBER_VERSION[kind]


def test_anyone_may_ask_for_the_public_version(office, client_for):
    report = _report(office, "published")
    url = reverse("reporting:report_docx", kwargs={"pk": report.pk}) + "?version=public"
    response = client_for(office.user("democratic_services")).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="working-together-protocol-between-the-hwb-and-the-ascp-r1-'
        'public.docx"'
    )
    assert LOG.encode() not in response.content


def test_the_list_shows_each_user_only_what_they_may_read(office, client_for):
    draft = make_report(office, title="Draft report")
    published = publish(office, clear(office, make_report(office, title="Published report")))
    exempt = publish(
        office,
        clear(
            office, make_report(office, title="Exempt report", part="exempt", exempt_paragraph=5)
        ),
    )
    seen = {}
    for role in ("democratic_services", "member", "ascp_member", "business_manager_b"):
        html = client_for(office.user(role)).get(reverse("reporting:report_list")).content
        seen[role] = {r.title for r in (draft, published, exempt) if r.title.encode() in html}
    assert seen == {
        "democratic_services": {"Draft report", "Published report", "Exempt report"},
        "member": {"Published report", "Exempt report"},
        "ascp_member": {"Published report"},
        "business_manager_b": set(),
    }


def test_a_reader_sees_the_published_revision_while_the_next_is_a_draft(office, client_for):
    published = publish(office, clear(office, make_report(office)))
    services.report_revise(actor=office.user("democratic_services"), report=published)
    html = client_for(office.user("ascp_member")).get(reverse("reporting:report_list")).content
    assert published.get_absolute_url().encode() in html
    assert b"revision 2" not in html


def test_a_superuser_cannot_record_someone_elses_clearance(office):
    report = _report(office, "draft")
    assert permissions.can_record_clearance(office.user("superuser"), report.clearances.get()) is (
        False
    )
