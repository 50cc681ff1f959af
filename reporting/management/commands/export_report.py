"""Write a committee report to a file, as PDF or Word."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import selectors
from reporting.exports import document
from reporting.exports.files import write_atomically
from reporting.models import CommitteeReport


class Command(BaseCommand):
    help = (
        "Export a committee report (by its id) as PDF or Word (.docx). The public version "
        "leaves out the internal clearance log; --member keeps it."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", help="The report's id, as in its web address.")
        parser.add_argument("--format", choices=("pdf", "docx"), default="pdf")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument(
            "--member",
            action="store_true",
            help="The member version, with the internal clearance log (default: public).",
        )

    def handle(self, *args, **options):
        key = options["report"]
        if not key.isdigit() or len(key) > 18:
            raise CommandError(f"A report is named by its id, a number; {key!r} is not one.")
        try:
            report = selectors.report_for_export(int(key))
        except CommitteeReport.DoesNotExist:
            raise CommandError(f"There is no committee report with id {key}.") from None
        doc = document.build(report, member=options["member"])
        if options["format"] == "pdf":
            from reporting.exports.pdf import render_report_pdf

            content = render_report_pdf(doc)
        else:
            from reporting.exports.docx import render_report_docx

            content = render_report_docx(doc)
        path = Path(options["out"])
        try:
            write_atomically(path, content)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        variant = document.MEMBER if options["member"] else document.PUBLIC
        self.stdout.write(
            f"Wrote {path} ({len(content):,} bytes): {report.title}, revision "
            f"{report.revision}, {variant} version."
        )
