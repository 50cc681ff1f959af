"""Builders shared by the PDF tests: a signing certificate and a protocol like the seeds.

Plain functions, not fixtures: each test module wraps them in the fixtures it needs.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from boards.models import Meeting, Post
from protocols import services
from protocols.models import ProtocolVersion, Section
from tests import factories as f

PASSPHRASE = "test signing passphrase"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password

_CERTIFICATES: dict[str, Path] = {}


def signing_p12(folder: Path, name: str = "signing") -> Path:
    """Return a PKCS#12 file made by ``make_signing_cert`` in ``folder`` (made once)."""
    key = f"{folder}/{name}"
    if key not in _CERTIFICATES:
        path = folder / f"{name}.p12"
        with override_settings(PDF_SIGNING_PASSPHRASE=PASSPHRASE):
            call_command(
                "make_signing_cert", out=str(path), common_name=f"Test {name}", stdout=_Null()
            )
        _CERTIFICATES[key] = path
    return _CERTIFICATES[key]


class _Null:
    def write(self, *args, **kwargs):
        return None

    def flush(self):
        return None


def use_signing_certificate(settings, p12: Path) -> None:
    settings.PDF_SIGNING_P12 = p12
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE


SECTION_BODY = """The Health and Wellbeing Board (HWB) and the Safeguarding Children Partnership
(ASCP) agree how they will hold each other to account.

### Principles

- each board keeps its **independence**;
- the boards share what they know *promptly*;
- challenge is welcome and recorded.

> The partnership is judged by what it changes for children.

See [the statutory guidance](https://www.gov.uk/government/publications/working-together-to-safeguard-children--2).
"""


def build_protocol(cast, *, extra_obligations: int = 0, reference: str = "alderley-hwb-ascp"):
    """Return a draft version with every kind of content the PDF shows."""
    bm = cast.user("business_manager")
    protocol = services.protocol_create(
        actor=bm,
        area=cast.area_a,
        reference=reference,
        title="Joint working protocol between the HWB and the ASCP",
        purpose="How the two boards hold each other to account for children's wellbeing.",
        boards=[cast.hwb, cast.scp],
    )
    version = protocol.current_version
    purpose = services.section_add(actor=bm, version=version, heading="Purpose", body=SECTION_BODY)
    services.section_add(
        actor=bm,
        version=version,
        heading="Statutory framework",
        body="The Children Act 2004 and the Health and Social Care Act 2012.",
    )
    working = services.section_add(
        actor=bm,
        version=version,
        heading="Working together",
        body="1. The chairs meet every quarter.\n2. Minutes are shared after every meeting.",
    )
    posts = services.section_add(
        actor=bm,
        version=version,
        heading="Roles of post holders",
        kind=Section.Kind.POST_HOLDERS,
    )
    services.section_add(
        actor=bm, version=version, heading="Resolving concerns", kind=Section.Kind.LADDER
    )
    services.post_responsibility_add(
        actor=bm,
        section=posts,
        post_title="Independent Chair of the ASCP",
        responsibilities="Presents the annual report to the HWB\nChallenges every partner",
    )
    services.post_responsibility_add(
        actor=bm,
        section=posts,
        post=Post.objects.get_or_create(area=cast.area_a, kind=Post.Kind.DPH, title="")[0],
        responsibilities="Leads the Joint Strategic Needs Assessment",
    )
    report = services.obligation_add(
        actor=bm,
        version=version,
        section=purpose,
        what="present_report",
        description="Present the annual report and a current-year position statement.",
        timing={"kind": "window", "start_month": 10, "end_month": 1},
        owing_board=cast.scp,
        owing_label="Independent Chair of the ASCP",
        receiving_board=cast.hwb,
    )
    services.obligation_add(
        actor=bm,
        version=version,
        section=working,
        what="respond",
        description="Respond formally to the themes of the annual report.",
        timing={
            "kind": "relative",
            "after": {"obligation": str(report.key)},
            "at": "next_meeting",
            "board": cast.hwb.pk,
        },
        owing_board=cast.hwb,
        receiving_board=cast.scp,
    )
    services.obligation_add(
        actor=bm,
        version=version,
        section=working,
        what="share_document",
        description="Share the minutes with the other chair and lead officer.",
        timing={"kind": "after_meeting", "board": cast.scp.pk, "within_days": 10},
        owing_board=cast.scp,
        receiving_board=cast.hwb,
    )
    for n in range(extra_obligations):
        services.obligation_add(
            actor=bm,
            version=version,
            section=working,
            what="meet",
            description=f"Officers' meeting {n + 1}: review progress against the joint plan, "
            "share data on referrals and agree the items for the next board meetings.",
            timing={"kind": "frequency", "every": "quarterly"},
            owing_board=cast.hwb if n % 2 else cast.scp,
            receiving_board=cast.scp if n % 2 else cast.hwb,
        )
    return version


def approve_and_sign(cast, version: ProtocolVersion) -> ProtocolVersion:
    """Take a draft through approval (with meetings and minutes) and both signatures."""
    services.version_transition(
        actor=cast.user("business_manager"), version=version, name="request_approval"
    )
    decided = datetime.date.today() - datetime.timedelta(days=3)
    for actor, board, minute in (
        (cast.user("chair"), cast.hwb, "HWB/24/17"),
        (cast.user("ascp_chair"), cast.scp, "ASCP 7(b)"),
    ):
        meeting = f.MeetingFactory(
            board=board, date=decided, place="Town Hall", status=Meeting.Status.HELD
        )
        services.approval_record(
            actor=actor,
            version=version,
            board=board,
            decided_on=decided,
            decided_by="The Board",
            meeting=meeting,
            minute_reference=minute,
        )
    services.signature_add(
        actor=cast.user("chair"), version=version, board=cast.hwb, password=PASSWORD
    )
    services.signature_add(
        actor=cast.user("ascp_chair"), version=version, board=cast.scp, password=PASSWORD
    )
    version.refresh_from_db()
    assert version.status == ProtocolVersion.Status.SIGNED
    return version


def pdf_text(data: bytes, folder: Path) -> str:
    """Return the text of a PDF as poppler's pdftotext reads it."""
    path = folder / "text.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdfsig(data: bytes, folder: Path, trusted_pem: Path) -> str:
    """Return poppler's pdfsig report on ``data``, with ``trusted_pem`` trusted by NSS.

    pdfsig exits 0 even for a broken signature, so callers read the report.
    """
    nss = folder / "nssdb"
    if not nss.exists():
        nss.mkdir()
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
        subprocess.run(
            [
                "certutil",
                "-A",
                "-d",
                f"sql:{nss}",
                "-n",
                "installation",
                "-t",
                "CT,C,C",
                "-i",
                str(trusted_pem),
            ],
            check=True,
        )
    path = folder / "checked.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True, check=False
    )
    return result.stdout.decode() + result.stderr.decode()


def flip_byte_in_first_stream(data: bytes) -> bytes:
    """Return ``data`` with one byte changed inside the first revision's first stream."""
    start = data.index(b"stream", data.index(b" obj")) + len(b"stream\n") + 20
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)
