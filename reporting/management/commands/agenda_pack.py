"""Write a board meeting's agenda pack: its reports in agenda order, as one PDF."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from boards.models import Meeting
from reporting import selectors
from reporting.exports import document
from reporting.exports.files import write_atomically
from reporting.exports.pdf import render_agenda_pack


class Command(BaseCommand):
    help = (
        "Write the agenda pack of a board meeting (by its id): a contents page, then each "
        "cleared or published report in agenda order, with page numbers. The public version "
        "has Part 1 reports only; --member adds Part 2 and the clearance logs."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting", help="The meeting's id, as in its web address.")
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument(
            "--member",
            action="store_true",
            help="The member version, with the internal clearance log (default: public).",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Leave out reports that are cleared but not yet published.",
        )

    def handle(self, *args, **options):
        key = options["meeting"]
        if not key.isdigit() or len(key) > 18:
            raise CommandError(f"A meeting is named by its id, a number; {key!r} is not one.")
        meeting = Meeting.objects.select_related("board", "board__area").filter(pk=int(key)).first()
        if meeting is None:
            raise CommandError(f"There is no meeting with id {key}.")
        if meeting.board_id is None:
            raise CommandError("Agenda packs are for board meetings; this is a subgroup's.")
        member = options["member"]
        reports = selectors.agenda_reports(
            meeting=meeting,
            include_cleared=not options["published_only"],
            include_exempt=member,
        )
        versions = document.appendix_versions(reports)
        docs = [document.build(r, member=member, versions=versions) for r in reports]
        content = render_agenda_pack(meeting, docs, member=member)
        path = Path(options["out"])
        try:
            write_atomically(path, content)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        count = len(docs)
        self.stdout.write(
            f"Wrote {path} ({len(content):,} bytes): {count} report{'s' if count != 1 else ''} "
            f"for {meeting.board.short_name} on {meeting.date:%-d %B %Y}, "
            f"{document.MEMBER if options['member'] else document.PUBLIC} version."
        )
