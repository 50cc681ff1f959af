"""Import an existing protocol from a .docx, a PDF or a text file.

    python manage.py import_protocol FILE --area <slug> --dry-run --format json
    python manage.py import_protocol FILE --area <slug> --as <username>

With ``--dry-run`` it prints what the review screen would propose and saves nothing.
Without it, it creates the draft as "accept all" on the review screen would, as the user
named by ``--as`` (who must be allowed to start a protocol between the boards).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from boards.exceptions import DomainError
from boards.models import Area
from protocols.importer import parse_upload
from protocols.importer.limits import max_upload_bytes, too_large
from protocols.importer.services import protocol_import_keep


class Command(BaseCommand):
    help = (
        "Read a protocol from a Word document (.docx), a text PDF or a plain text file and "
        "propose a draft: title, parties, sections and obligations. With --dry-run nothing "
        "is saved; otherwise the draft is created as --as <username>."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .docx, .pdf or .txt file to read.")
        parser.add_argument("--area", required=True, help="The area's short web name (slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the proposal; save nothing."
        )
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="How to print it."
        )
        parser.add_argument(
            "--as", dest="username", help="The user the draft is created as (not with --dry-run)."
        )

    def handle(self, *args, **options):
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area with the short web name “{options['area']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        size = path.stat().st_size
        if size > max_upload_bytes():
            # Refused before a huge file is read into memory.
            raise CommandError(too_large(size).message)
        data = path.read_bytes()
        user = None
        if not options["dry_run"]:
            if not options["username"]:
                raise CommandError(
                    "Name the user the draft is created as, with --as <username>, or use "
                    "--dry-run to see the proposal without saving it."
                )
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"There is no user “{options['username']}”.")
        try:
            proposal = parse_upload(data, path.name, area)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["dry_run"]:
            self._print_proposal(proposal, options["format"])
            return
        try:
            result = protocol_import_keep(
                actor=user, area=area, filename=path.name, data=data, proposal=proposal
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        protocol = result.protocol
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "protocol": protocol.pk,
                        "reference": protocol.reference,
                        "title": protocol.current_version.title,
                        "url": protocol.get_absolute_url(),
                        "sections": result.sections,
                        "obligations": result.obligations,
                        "skipped": result.skipped,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            f"Created the draft “{protocol.current_version.title}” ({protocol.reference}) "
            f"with {result.sections} sections and {result.obligations} obligations."
        )
        for line in result.skipped:
            self.stdout.write(f"Left out: {line}")

    def _print_proposal(self, proposal, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(
                json.dumps(proposal.to_dict(include_blocks=False), indent=2, ensure_ascii=False)
            )
            return
        out = self.stdout.write
        out(proposal.title)
        out("Parties: " + ", ".join(p.short_name for p in proposal.parties))
        out("Sections:")
        for section in proposal.sections:
            out(f"  {section.number}. {section.heading}")
        out("Obligations:")
        for item in proposal.obligations:
            owing = item.owing.label or item.owing.name
            receiving = item.receiving.label or item.receiving.name
            out(
                f"  {owing} → {receiving}: {item.what}, {item.timing_text} "
                f"(confidence {item.confidence:.2f})"
            )
            out(f"      “{item.source}”")
        for note in proposal.notes:
            out(f"Note: {note}")
