"""Two people open the same protocol section and both save: the second is never a silent overwrite.

Each person has their own signed-in session and reads the section first (the edit page in
the browser, the section in the API), as people do; then both save what they wrote.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from protocols.models import Section
from protocols.services.authoring import STALE_SECTION
from tests.protocols.conftest import cast, draft  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(client_class, user):
    client = client_class()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def edit_url(section: Section) -> str:
    version = section.version
    return reverse(
        "protocols:section_update",
        kwargs={"pk": version.protocol_id, "number": version.number, "section_pk": section.pk},
    )


def opened_revision(html: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


def block_text(html: str, block_id: str) -> str:
    """Return the text inside the element with ``block_id`` up to the next conflict block."""
    start = html.index(f'id="{block_id}"')
    end = html.find('id="conflict-', start + 1)
    chunk = html[start : end if end != -1 else start + 2000].rsplit("<", 1)[0]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", chunk.split(">", 1)[1]).split()))


def test_the_second_browser_save_is_refused_showing_both_versions(cast, draft):  # noqa: F811
    section = draft.sections.get(order=1)
    anna = signed_in(Client, cast.user("business_manager"))
    ben = signed_in(Client, cast.user("ascp_business_manager"))
    anna_revision = opened_revision(anna.get(edit_url(section)).content.decode())
    ben_revision = opened_revision(ben.get(edit_url(section)).content.decode())
    assert anna_revision == ben_revision == "1"

    saved = anna.post(
        edit_url(section),
        {"heading": "Purpose", "body": "Anna's words.", "revision": anna_revision},
    )
    assert saved.status_code == 302
    refused = ben.post(
        edit_url(section),
        {"heading": "Aims", "body": "Ben's words.", "revision": ben_revision},
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, flags=re.S).group(1)
    assert unescape(" ".join(re.sub(r"<[^>]+>", " ", summary).split())) == STALE_SECTION
    assert "changed by someone else since you opened it" in STALE_SECTION
    assert block_text(html, "conflict-mine") == "Your text Aims Ben's words."
    assert block_text(html, "conflict-current").startswith(
        "The text now saved Purpose Anna's words."
    )
    section.refresh_from_db()
    assert (section.heading, section.body, section.revision) == ("Purpose", "Anna's words.", 2)

    # Ben's form now carries the revision he has seen, so his next save, made knowing
    # both texts, goes ahead.
    assert opened_revision(html) == "2"
    combined = ben.post(
        edit_url(section),
        {"heading": "Purpose", "body": "Anna's words. Ben's words.", "revision": "2"},
    )
    assert combined.status_code == 302
    section.refresh_from_db()
    assert (section.body, section.revision) == ("Anna's words. Ben's words.", 3)


def test_the_second_api_save_is_a_409_and_overwrites_nothing(cast, draft):  # noqa: F811
    section = draft.sections.get(order=1)
    url = reverse("protocol-section-detail", kwargs={"pk": section.pk})
    anna = signed_in(APIClient, cast.user("business_manager"))
    ben = signed_in(APIClient, cast.user("ascp_business_manager"))
    anna_read = anna.get(url).json()
    ben_read = ben.get(url).json()
    assert anna_read["revision"] == ben_read["revision"] == 1

    saved = anna.patch(
        url, {"body": "Anna's words.", "revision": anna_read["revision"]}, format="json"
    )
    assert saved.status_code == 200
    refused = ben.patch(
        url, {"body": "Ben's words.", "revision": ben_read["revision"]}, format="json"
    )

    assert refused.status_code == 409
    assert refused.json() == {"detail": STALE_SECTION}
    section.refresh_from_db()
    assert (section.body, section.revision) == ("Anna's words.", 2)
    # Reading again shows the text now saved and the revision to send.
    assert {k: ben.get(url).json()[k] for k in ("body", "revision")} == {
        "body": "Anna's words.",
        "revision": 2,
    }
