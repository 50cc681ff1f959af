"""Write the PDF of a protocol that a user would download: signed if signed, else the draft."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.exceptions import DomainError
from protocols.models import Protocol, ProtocolVersion
from protocols.pdf.render import render_version_pdf
from protocols.pdf.sign import sign_version_pdf, was_fully_signed


def pdf_for(version: ProtocolVersion) -> tuple[bytes, bool]:
    """Return the PDF a reader downloads for ``version`` and whether it is the signed one."""
    if was_fully_signed(version):
        return sign_version_pdf(version), True
    return render_version_pdf(version, draft_watermark=True), False


def file_name(version: ProtocolVersion, *, signed: bool) -> str:
    protocol = version.protocol
    suffix = "" if signed else "-draft"
    return f"{protocol.area.slug}-{protocol.reference}-v{version.number}{suffix}.pdf"


class Command(BaseCommand):
    help = (
        "Write a protocol's PDF as a user would download it: the stored signed PDF of a "
        "signed version, otherwise the draft marked DRAFT. --all writes one per protocol."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version means the protocol's version here, not the program's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "protocol",
            nargs="?",
            help="The protocol: its id, its reference, or area/reference.",
        )
        parser.add_argument("--version", type=int, help="The version number (default: newest).")
        parser.add_argument("--all", action="store_true", help="Every protocol's newest version.")
        parser.add_argument(
            "--out", required=True, help="The file to write (with --all, a folder)."
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        try:
            if options["all"]:
                if options["protocol"] or options["version"]:
                    raise CommandError("Give either a protocol or --all, not both.")
                self._write_all(out)
            else:
                if not options["protocol"]:
                    raise CommandError("Name a protocol, or use --all.")
                version = self._version(self._protocol(options["protocol"]), options["version"])
                self._write(version, out)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _protocol(self, name: str) -> Protocol:
        qs = Protocol.objects.select_related("area", "current_version")
        if name.isdigit():
            found = list(qs.filter(pk=int(name)))
        elif "/" in name:
            area, _, reference = name.partition("/")
            found = list(qs.filter(area__slug=area, reference=reference))
        else:
            found = list(qs.filter(reference=name))
        if not found:
            raise CommandError(f"There is no protocol {name!r}.")
        if len(found) > 1:
            names = ", ".join(f"{p.area.slug}/{p.reference}" for p in found)
            raise CommandError(f"More than one protocol is called {name!r}: use one of {names}.")
        return found[0]

    def _version(self, protocol: Protocol, number: int | None) -> ProtocolVersion:
        versions = protocol.versions.select_related("protocol__area")
        version = (
            versions.filter(number=number).first()
            if number
            else versions.order_by("-number").first()
        )
        if version is None:
            which = f"version {number}" if number else "a version"
            raise CommandError(f"The protocol {protocol.reference!r} has no {which}.")
        return version

    def _write(self, version: ProtocolVersion, path: Path) -> None:
        data, signed = pdf_for(version)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        kind = "signed PDF" if signed else "draft"
        self.stdout.write(f"Wrote {path} ({kind} of {version}, {len(data):,} bytes)")

    def _write_all(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        protocols = Protocol.objects.select_related("area").order_by("area__slug", "reference")
        count = 0
        for protocol in protocols:
            version = protocol.versions.select_related("protocol__area").order_by("-number").first()
            if version is None:
                continue
            data, signed = pdf_for(version)
            path = folder / file_name(version, signed=signed)
            path.write_bytes(data)
            self.stdout.write(f"Wrote {path}")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} PDF{'s' if count != 1 else ''}."))
