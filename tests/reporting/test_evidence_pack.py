"""Inspection evidence packs of the demo protocols: every item listed, and still verifiable."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from unittest.mock import patch

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.demo import load as load_boards
from boards.models import Area
from protocols.demo import load as load_protocols
from protocols.models import Protocol
from protocols.pdf.verify import verify_pdf
from reporting import evidence
from reporting.demo import load as load_reports
from reporting.models import EvidencePack
from reporting.views.evidence import EXPIRED
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        load_boards()
    load_protocols()
    load_reports()
    return f.UserFactory(username="inspector_prep", is_superuser=True, is_staff=True)


def _build(actor, *, area_slug, reference=None, capture) -> EvidencePack:
    area = Area.objects.get(slug=area_slug)
    protocol = Protocol.objects.get(reference=reference) if reference else None
    with capture(execute=True):
        pack = evidence.evidence_pack_request(actor=actor, area=area, protocol=protocol)
    pack.refresh_from_db()
    return pack


def _archive(pack: EvidencePack) -> zipfile.ZipFile:
    with pack.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == pack.sha256
    assert len(data) == pack.size
    return zipfile.ZipFile(io.BytesIO(data))


def test_pack_of_a_signed_demo_protocol_holds_every_item_and_its_pdf_verifies(
    demo, django_capture_on_commit_callbacks
):
    pack = _build(
        demo,
        area_slug="bromley",
        reference="bromley-hwb-bscb",
        capture=django_capture_on_commit_callbacks,
    )
    assert pack.status == EvidencePack.Status.READY, pack.progress
    archive = _archive(pack)
    root = "bromley-hwb-bscb"
    assert sorted(archive.namelist()) == [
        f"{root}/approvals.csv",
        f"{root}/certificates/{root}-v1-certificate.pdf",
        f"{root}/compliance-log.csv",
        f"{root}/signed/{root}-v1-signed.pdf",
        "index.html",
        "index.pdf",
    ]
    result = verify_pdf(archive.read(f"{root}/signed/{root}-v1-signed.pdf"))
    assert result.ok, result.message
    approvals = archive.read(f"{root}/approvals.csv").decode()
    assert approvals.splitlines()[0] == (
        "protocol,version,board,decided_on,meeting,minute_reference,decided_by"
    )
    assert len(approvals.splitlines()) == 3  # both boards approved
    assert (
        archive.read(f"{root}/compliance-log.csv")
        .decode()
        .startswith(
            "protocol,version,obligation,owing,receiving,financial_year,period,opens,due,state,"
        )
    )
    certificate = PdfReader(
        io.BytesIO(archive.read(f"{root}/certificates/{root}-v1-certificate.pdf"))
    )
    text = "".join(page.extract_text() for page in certificate.pages)
    assert "Signature certificate" in text
    index = archive.read("index.html").decode()
    for name in archive.namelist():
        if name.startswith(root):
            assert name in index
    assert PdfReader(io.BytesIO(archive.read("index.pdf"))).pages


def test_area_pack_includes_the_committee_report_that_presented_the_protocol(
    demo, django_capture_on_commit_callbacks
):
    pack = _build(demo, area_slug="islington", capture=django_capture_on_commit_callbacks)
    assert pack.status == EvidencePack.Status.READY, pack.progress
    names = _archive(pack).namelist()
    reports = [n for n in names if n.startswith("islington-hwbb-iscb/committee-reports/")]
    assert len(reports) == 1
    index = _archive(pack).read("index.html").decode()
    assert "No version of this protocol has been signed by everyone yet." in index
    assert "Protocol between HWBB and ISCB" in index


def test_a_redelivered_build_does_nothing(demo, django_capture_on_commit_callbacks):
    pack = _build(
        demo,
        area_slug="bromley",
        reference="bromley-hwb-bscb",
        capture=django_capture_on_commit_callbacks,
    )
    assert evidence.evidence_pack_build(pack_id=pack.pk) is None
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.READY


def test_one_click_makes_the_pack_and_the_page_then_offers_the_download(
    world, client_for, django_capture_on_commit_callbacks
):
    from tests.reporting.compliance_support import build_ledger

    ledger = build_ledger(world)
    client = client_for(world.user("business_manager"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:pack_create"), {"protocol": ledger.version.protocol_id}
        )
    pack = EvidencePack.objects.get()
    assert pack.status == EvidencePack.Status.READY, pack.progress
    assert response.status_code == 302
    assert response["Location"] == pack.get_absolute_url()
    page = client.get(pack.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "Download the evidence pack (ZIP" in page
    download = client.get(reverse("reporting:pack_download", kwargs={"pk": pack.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == pack.sha256


def test_a_pack_being_made_refreshes_its_page(world, client_for):
    pack = EvidencePack.objects.create(
        requested_by=world.user("chair"), area=world.area_a, progress="Protocol 1 of 2: x."
    )
    page = client_for(world.user("chair")).get(pack.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Protocol 1 of 2: x." in page


def test_an_expired_link_is_refused(world, client_for, django_capture_on_commit_callbacks):
    from tests.reporting.compliance_support import build_ledger

    ledger = build_ledger(world)
    pack = _build(
        world.user("chair"),
        area_slug=world.area_a.slug,
        reference=ledger.version.protocol.reference,
        capture=django_capture_on_commit_callbacks,
    )
    EvidencePack.objects.filter(pk=pack.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = client_for(world.user("chair"))
    response = client.get(reverse("reporting:pack_download", kwargs={"pk": pack.pk}))
    assert response.status_code == 410
    assert response.content.decode() == EXPIRED
    assert "This download link expired on" in client.get(pack.get_absolute_url()).content.decode()


def test_a_member_may_neither_make_nor_see_a_pack(world, client_for):
    from tests.reporting.compliance_support import build_ledger

    ledger = build_ledger(world)
    client = client_for(world.user("member"))
    response = client.post(
        reverse("reporting:pack_create"), {"protocol": ledger.version.protocol_id}
    )
    assert response.status_code == 403
    assert not EvidencePack.objects.exists()
    pack = EvidencePack.objects.create(requested_by=world.user("chair"), area=world.area_a)
    assert client.get(pack.get_absolute_url()).status_code == 404


def test_the_download_link_lasts_the_configured_hours(settings):
    settings.EVIDENCE_PACK_HOURS = 2
    assert evidence.lifetime() == dt.timedelta(hours=2)


def test_the_admin_lists_packs_without_letting_anyone_change_them(world, client_for):
    pack = EvidencePack.objects.create(requested_by=world.user("chair"), area=world.area_a)
    client = client_for(world.user("superuser"))
    listing = client.get(reverse("admin:reporting_evidencepack_changelist"))
    assert listing.status_code == 200
    assert "Evidence pack: all of Alderley" in listing.content.decode()
    assert client.get(reverse("admin:reporting_evidencepack_add")).status_code == 403
    change = client.post(
        reverse("admin:reporting_evidencepack_change", args=[pack.pk]), {"status": "ready"}
    )
    assert change.status_code == 403
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.PENDING
