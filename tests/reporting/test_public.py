"""The public pages: signed protocols in force, their evidence and their signed PDF."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_cycle.models import Occurrence
from protocols import services
from protocols.models import Signature
from protocols.pdf.sign import sign_version_pdf
from tests.protocols import pdf_support as support
from tests.protocols.conftest import cast, walk  # noqa: F401 - fixtures

SECRET_COMMENT = "Members only: the chair is stepping down"
SECRET_NOTE = "Discussed in the private session"


@pytest.fixture
def in_force(cast, walk):  # noqa: F811 - fixtures
    """A signed protocol in force, with a resolved comment and member-only details."""
    version = support.build_protocol(cast)
    services.version_transition(
        actor=cast.user("business_manager"), version=version, name="start_consultation"
    )
    comment = services.comment_add(actor=cast.user("member"), version=version, body=SECRET_COMMENT)
    services.comment_resolve(actor=cast.user("business_manager"), comment=comment)
    support.approve_and_sign(cast, version)
    Signature.objects.filter(version=version).update(
        ip_address="203.0.113.7", user_agent="SecretBrowser/1.0"
    )
    walk.bring_into_force(version)
    version.refresh_from_db()
    return version


def occurrence(version, state, due_on, **fields):
    obligation = version.obligations.order_by("order").first()
    return Occurrence.objects.create(
        obligation=obligation,
        version=version,
        financial_year=due_on.year if due_on.month > 3 else due_on.year - 1,
        period_key=f"p-{due_on:%Y%m%d}",
        due_on=due_on,
        state=state,
        **fields,
    )


def recent(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


def test_anyone_reads_the_page_of_a_signed_protocol_in_force(client_for, cast, in_force):  # noqa: F811
    for user in (None, cast.user("member"), cast.user("business_manager_b")):
        response = client_for(user).get(f"/public/protocols/{in_force.protocol_id}/")

        assert response.status_code == 200
        page = response.content.decode()
        assert (
            '<h1 class="govuk-heading-l">Joint working protocol between the HWB and the ASCP</h1>'
            in page
        )
        assert "govuk-service-navigation" not in page
    assert "Alderley · protocol between the HWB and the ASCP" in page
    assert "In force</strong> Version 1, in force from" in page
    assert "HWB/24/17" in page and "ASCP 7(b)" in page
    assert "Chair, Chair, HWB" in page
    assert "Ascp Chair, Independent chair, ASCP" in page
    assert "Present the annual report and a current-year position statement." in page
    assert "The signed PDF is being prepared. Try again in a few minutes." in page


def test_the_page_shows_whether_each_recent_occurrence_was_met(client, in_force):
    occurrence(in_force, Occurrence.State.DONE, recent(40), done_on=recent(45), note=SECRET_NOTE)
    occurrence(in_force, Occurrence.State.OVERDUE, recent(5))
    occurrence(in_force, Occurrence.State.UPCOMING, recent(-200))

    page = client.get(f"/public/protocols/{in_force.protocol_id}/").content.decode()

    assert f"Due {recent(40):%-d %B %Y}: Met on {recent(45):%-d %B %Y}" in page
    assert f"Due {recent(5):%-d %B %Y}: Not met: overdue" in page
    assert f"Due {recent(-200):%-d %B %Y}" not in page  # not yet open: no evidence either way
    assert page.count("None fell due in this time") == 2


def test_nothing_member_only_appears(client, in_force):
    occurrence(in_force, Occurrence.State.DONE, recent(40), done_on=recent(45), note=SECRET_NOTE)

    page = client.get(f"/public/protocols/{in_force.protocol_id}/").content.decode()

    for secret in (SECRET_COMMENT, SECRET_NOTE, "203.0.113.7", "SecretBrowser", "Password"):
        assert secret not in page, secret


def test_the_signed_pdf_is_downloaded_as_stored(client, in_force):
    issued = sign_version_pdf(in_force)

    page = client.get(f"/public/protocols/{in_force.protocol_id}/").content.decode()
    response = client.get(f"/public/protocols/{in_force.protocol_id}/signed.pdf")

    assert f'href="/public/protocols/{in_force.protocol_id}/signed.pdf"' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="alderley-alderley-hwb-ascp-v1-signed.pdf"'
    )
    assert response.content == issued


def test_the_index_lists_only_signed_protocols_in_force(client, cast, in_force):  # noqa: F811
    other = support.build_protocol(cast, reference="draft-only")

    page = client.get("/public/protocols/").content.decode()

    assert page.count(f'href="/public/protocols/{in_force.protocol_id}/"') == 1
    assert f"/public/protocols/{other.protocol_id}/" not in page
    assert "Alderley Health and Wellbeing Board and Alderley Safeguarding Children" in page


def test_a_protocol_not_in_force_has_no_public_page_or_pdf(client, cast, walk):  # noqa: F811
    version = support.approve_and_sign(cast, support.build_protocol(cast))
    sign_version_pdf(version)  # signed, even issued, but not yet in force

    assert client.get(f"/public/protocols/{version.protocol_id}/").status_code == 404
    assert client.get(f"/public/protocols/{version.protocol_id}/signed.pdf").status_code == 404
    assert client.get("/public/protocols/987654/").status_code == 404


def test_a_protocol_in_force_without_a_stored_pdf_has_no_download(client, in_force):
    response = client.get(f"/public/protocols/{in_force.protocol_id}/signed.pdf")

    assert response.status_code == 404


def test_the_page_makes_the_same_number_of_queries_however_many_occurrences(client, in_force):
    url = f"/public/protocols/{in_force.protocol_id}/"
    occurrence(in_force, Occurrence.State.DONE, recent(40), done_on=recent(45))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(50, 300, 50):
        occurrence(in_force, Occurrence.State.OVERDUE, recent(days))

    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
