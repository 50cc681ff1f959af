"""Restore a backup made by ``python manage.py backup`` into this installation.

    DATABASE_URL=postgres://…/protocols_restored python manage.py restore backups/protocols.tar

Restores into the database that DATABASE_URL names, which must be empty (create it first;
``--replace`` overwrites one that is not), then puts the stored files back under
``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``. Every file is checked against the SHA-256 the
backup recorded, so a damaged archive is refused rather than half-restored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import (
    FOLDERS,
    FORMAT,
    MANIFEST,
    POSTGRES_DUMP,
    SQLITE_COPY,
    plural_files,
    postgres_command,
    run_client,
    sha256_of,
)


class Command(BaseCommand):
    help = "Restore a backup archive (database and stored files) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already has tables, and stored files that differ.",
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        replace = options["replace"]
        try:
            with tarfile.open(path, "r") as archive, tempfile.TemporaryDirectory() as scratch:
                manifest = self.read_manifest(archive)
                self.check_target(manifest, replace=replace)
                placed = self.check_files(manifest, replace=replace)
                database = manifest["database"]
                dump = Path(scratch) / Path(database["file"]).name
                self.place(archive, database["file"], database["sha256"], dump)
                self.restore_database(dump, replace=replace)
                for member, sha256, target in placed:
                    self.place(archive, member, sha256, target)
        except tarfile.TarError as exc:
            raise CommandError(f"{path} is not a readable backup archive: {exc}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['database']['vendor']} database and "
                f"{plural_files(len(placed))} from {path}."
            )
        )

    def read_manifest(self, archive: tarfile.TarFile) -> dict:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, AttributeError, ValueError) as exc:
            raise CommandError("The archive has no readable manifest.json.") from exc
        if manifest.get("format") != FORMAT:
            raise CommandError(
                f"The archive is in backup format {manifest.get('format')}; this version "
                f"restores format {FORMAT}."
            )
        return manifest

    def check_target(self, manifest: dict, *, replace: bool) -> None:
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise CommandError(
                f"The backup is of a {vendor} database, but DATABASE_URL names a "
                f"{connection.vendor} one."
            )
        tables = connection.introspection.table_names()
        if tables and not replace:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already has {len(tables)} "
                "tables. Restore into a new, empty database, or add --replace to overwrite it."
            )

    def check_files(self, manifest: dict, *, replace: bool) -> list[tuple[str, str, Path]]:
        """Return (archive name, SHA-256, target path) of each stored file; refuse to
        write outside its folder or over a different file."""
        placed = []
        for folder, setting in FOLDERS:
            root = Path(getattr(settings, setting)).resolve()
            for name, meta in manifest["files"].get(folder, {}).items():
                target = (root / name).resolve()
                if not target.is_relative_to(root):
                    raise CommandError(f"The archive names a file outside {setting}: {name}.")
                if target.exists() and not replace and sha256_of(target) != meta["sha256"]:
                    raise CommandError(
                        f"{target} already exists with other content. Restore into an empty "
                        f"{setting}, or add --replace to overwrite it."
                    )
                placed.append((f"{folder}/{name}", meta["sha256"], target))
        return placed

    def place(self, archive: tarfile.TarFile, member: str, sha256: str, target: Path) -> None:
        """Copy one archived file to ``target`` if its SHA-256 is the one recorded."""
        try:
            source = archive.extractfile(member)
        except KeyError:
            source = None
        if source is None:
            raise CommandError(f"The archive is missing {member}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            partial.unlink()
            raise CommandError(f"{member} in the archive is damaged: its SHA-256 does not match.")
        partial.replace(target)

    def restore_database(self, dump: Path, *, replace: bool) -> None:
        settings_dict = connection.settings_dict
        connection.close()
        if dump.name == POSTGRES_DUMP:
            args, env = postgres_command("pg_restore", settings_dict)
            args += ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            if replace:
                args += ["--clean", "--if-exists"]
            run_client([*args, "--dbname", settings_dict["NAME"], str(dump)], env, "pg_restore")
        elif dump.name == SQLITE_COPY:
            name = str(settings_dict["NAME"])
            if connection.is_in_memory_db():
                raise CommandError("Restore into a SQLite file, not an in-memory database.")
            with sqlite3.connect(dump) as source, sqlite3.connect(name) as target:
                source.backup(target)
            source.close()
            target.close()
        else:
            raise CommandError(f"The archive's database file {dump.name} is not one this reads.")
