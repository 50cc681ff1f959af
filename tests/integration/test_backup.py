"""Back up the demo with its signed PDFs, restore it into a fresh database, find everything.

Runs on whichever database the suite runs on: SQLite (an online-backup copy) in the first
CI run, PostgreSQL (``pg_dump``/``pg_restore``) in the second. The restore and the checks
run as separate ``manage.py`` processes pointed at the fresh database and a fresh
``MEDIA_ROOT``, as an operator would run them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from protocols.models import Protocol, ProtocolVersion, Signature, SignedDocument
from protocols.pdf.sign import sign_version_pdf, was_fully_signed
from reporting.models import private_storage
from tests.protocols.pdf_support import signing_p12, use_signing_certificate

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

#: Run in the restored installation: what it holds, and whether each signed PDF verifies.
CHECK = """
import json
from calendar_cycle.models import Occurrence
from protocols.models import Protocol, Signature, SignedDocument
from protocols.pdf.verify import verify_pdf
print(json.dumps({
    "protocols": sorted(Protocol.objects.values_list("reference", flat=True)),
    "signatures": sorted(
        [s.version.protocol.reference, str(s.signer), s.content_hash]
        for s in Signature.objects.select_related("version__protocol", "signer")
    ),
    "occurrences": Occurrence.objects.count(),
    "pdfs": sorted(
        [d.sha256, verify_pdf(d.file.open("rb").read()).outcome.value]
        for d in SignedDocument.objects.all()
    ),
}))
"""


@pytest.fixture
def signed_demo(settings, tmp_path):
    """Load the demo, generate its occurrences and issue the signed PDFs of signed versions."""
    use_signing_certificate(settings, signing_p12(tmp_path))
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", stdout=io.StringIO())
    generate_occurrences()
    for version in ProtocolVersion.objects.all():
        if was_fully_signed(version):
            sign_version_pdf(version)
    return {
        "protocols": sorted(Protocol.objects.values_list("reference", flat=True)),
        "signatures": sorted(
            [s.version.protocol.reference, str(s.signer), s.content_hash]
            for s in Signature.objects.select_related("version__protocol", "signer")
        ),
        "occurrences": Occurrence.objects.count(),
        "pdfs": sorted([d.sha256, "valid"] for d in SignedDocument.objects.all()),
    }


@pytest.fixture
def fresh_database(tmp_path):
    """Return the DATABASE_URL of a new, empty database of the suite's kind; drop it after."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    assert connection.vendor == "postgresql"
    params = connection.get_connection_params()
    for key in ("dbname", "context", "cursor_factory", "application_name"):
        params.pop(key, None)
    name = f"test_restore_{uuid.uuid4().hex[:10]}"
    settings_dict = connection.settings_dict
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield (
                f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
                f"{settings_dict['PORT']}/{name}"
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(
    *args: str, database_url: str, media_root: Path, private: Path | None = None
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PRIVATE_MEDIA_ROOT": str(private or media_root.with_name("restored-private")),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_restored_backup_has_every_protocol_signature_occurrence_and_verifying_pdf(
    signed_demo, fresh_database, tmp_path
):
    assert len(signed_demo["pdfs"]) == 2  # Bromley's and Bolton's signed versions
    assert signed_demo["occurrences"] > 0
    # A file only the application hands out (an evidence pack) is kept outside MEDIA_ROOT.
    pack = private_storage().save(
        "evidence/bolton-pack.zip", ContentFile(b"PK\x05\x06" + bytes(18))
    )
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", out=str(archive), stdout=out)
    assert out.getvalue() == (
        f"Backed up the {connection.vendor} database and 3 stored files to {archive}.\n"
    )
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert sum(n.startswith("media/protocols/signed/") for n in names) == 2
    assert "private/evidence/bolton-pack.zip" in names

    media, private = tmp_path / "restored-media", tmp_path / "restored-private"
    restored = manage(
        "restore", str(archive), database_url=fresh_database, media_root=media, private=private
    )
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == (
        f"Restored the {connection.vendor} database and 3 stored files from {archive}."
    )
    assert (private / pack).read_bytes() == private_storage().open(pack).read()

    check = manage("shell", "-c", CHECK, database_url=fresh_database, media_root=media)
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout.strip().splitlines()[-1]) == signed_demo


def test_restore_refuses_a_database_that_already_has_tables(world, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", out=str(archive), stdout=io.StringIO())
    name = connection.settings_dict["NAME"]
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert str(refused.value).startswith(f"The database {name} already has ")
    assert str(refused.value).endswith(
        " tables. Restore into a new, empty database, or add --replace to overwrite it."
    )
    # Nothing was touched: the persona who was there is still there.
    assert get_user_model().objects.filter(username="member").exists()


def test_a_damaged_archive_is_refused_before_anything_is_restored(fresh_database, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", out=str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("database."):
                middle = len(data) // 2  # every bit of 100 bytes flipped
                data = (
                    data[:middle]
                    + bytes(b ^ 0xFF for b in data[middle : middle + 100])
                    + (data[middle + 100 :])
                )
            target.addfile(member, io.BytesIO(data))

    media = tmp_path / "restored-media"
    restored = manage("restore", str(damaged), database_url=fresh_database, media_root=media)
    assert restored.returncode == 1
    assert restored.stderr.strip().endswith("is damaged: its SHA-256 does not match.")
    assert not media.exists()
