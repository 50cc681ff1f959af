"""Back up the database and the stored files (signed PDFs, uploads) into one archive.

    python manage.py backup --out backups/protocols-2026-11-24.tar

The archive holds ``manifest.json`` (what is inside, with each file's SHA-256), the
database — a ``pg_dump`` custom-format dump on PostgreSQL, or a consistent copy made with
SQLite's online backup API — and every stored file: those under ``MEDIA_ROOT`` (signed
PDFs and other uploads) and under ``PRIVATE_MEDIA_ROOT`` (evidence packs). The database
is dumped first and the files copied after it, so every file a backed-up row names is in the
archive. The PDF signing key is a secret and is not included: keep it with the other
secrets. ``python manage.py restore`` reads the archive back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
#: The folders of stored files: their name in the archive, and the setting naming them.
FOLDERS = (("media", "MEDIA_ROOT"), ("private", "PRIVATE_MEDIA_ROOT"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    """Return the connection arguments and environment for a PostgreSQL client program."""
    args = [program, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def run_client(args: list[str], env: dict, what: str) -> None:
    """Run a PostgreSQL client program; raise a CommandError with its own message."""
    try:
        # A list of arguments from the settings, no shell.
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise CommandError(
            f"{args[0]} is not installed. Install the PostgreSQL client of the server's "
            "version (Debian: postgresql-client)."
        ) from exc
    if done.returncode != 0:
        raise CommandError(f"{what} failed: {done.stderr.strip()}")


def stored_files() -> dict[str, tuple[Path, list[Path]]]:
    """Return each folder's name in the archive: (its root, the files under it)."""
    found = {}
    for folder, setting in FOLDERS:
        root = Path(getattr(settings, setting))
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        found[folder] = (root, files)
    return found


def plural_files(count: int) -> str:
    return f"{count} stored file{'s' if count != 1 else ''}"


class Command(BaseCommand):
    help = "Back up the database and the stored files (signed PDFs) into one archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The archive to write (a .tar file).")

    def handle(self, *args, **options):
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} already exists. Choose a new file name.")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            database = self.dump_database(Path(scratch))
            folders = stored_files()
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "database": {
                    "vendor": connection.vendor,
                    "file": database.name,
                    "sha256": sha256_of(database),
                },
                "files": {
                    folder: {
                        str(p.relative_to(root)): {"sha256": sha256_of(p), "size": p.stat().st_size}
                        for p in files
                    }
                    for folder, (root, files) in folders.items()
                },
            }
            partial = out.with_name(out.name + ".partial")
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(database, arcname=database.name)
                for folder, (root, files) in folders.items():
                    for path in files:
                        archive.add(path, arcname=f"{folder}/{path.relative_to(root)}")
            # Only a complete archive gets the name asked for.
            partial.rename(out)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {connection.vendor} database and "
                f"{plural_files(sum(len(files) for _, files in folders.values()))} to {out}."
            )
        )

    def dump_database(self, scratch: Path) -> Path:
        if connection.vendor == "postgresql":
            target = scratch / POSTGRES_DUMP
            args, env = postgres_command("pg_dump", connection.settings_dict)
            args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
            run_client([*args, connection.settings_dict["NAME"]], env, "pg_dump")
            return target
        if connection.vendor == "sqlite":
            target = scratch / SQLITE_COPY
            connection.ensure_connection()
            # The online backup API copies a consistent snapshot, even while others write.
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
            copy.close()
            return target
        raise CommandError(f"Backing up a {connection.vendor} database is not supported.")
