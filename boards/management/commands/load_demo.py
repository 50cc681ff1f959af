"""Load the demo areas, boards and log-ins, then print the log-ins. Safe to run again."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from boards.demo import DEFAULT_DEMO_PASSWORD

#: Each app with demo data adds its loader here, in dependency order. A loader is
#: ``load(stdout=None) -> DemoResult`` and must be idempotent.
DEMO_LOADERS = ["boards.demo.load", "protocols.demo.load", "reporting.demo.load"]


class Command(BaseCommand):
    help = "Load the four demo areas of the seed papers and their log-ins (idempotent)."

    def handle(self, *args, **options):
        results = []
        # One transaction for every loader: a failure leaves the database as it was.
        with transaction.atomic():
            for path in DEMO_LOADERS:
                results.append(import_string(path)(stdout=self.stdout))
        for result in results:
            self.stdout.write(self.style.SUCCESS(result.summary()))

        logins = [login for result in results for login in result.logins]
        headings = ("Username", "Role", "Board", "Area")
        rows = [(x.username, x.role, x.board or "–", x.area) for x in logins]
        widths = [max(len(row[i]) for row in (headings, *rows)) for i in range(len(headings))]
        self.stdout.write("")
        self.stdout.write("Demo log-ins")
        for row in (headings, *rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write("")
        self.stdout.write(self._password_note())

    def _password_note(self) -> str:
        if os.environ.get("DEMO_PASSWORD"):
            # Whoever chose the password knows it; keep it out of logs.
            return "Password for every demo log-in: the value of DEMO_PASSWORD."
        return (
            f"Password for every demo log-in: {DEFAULT_DEMO_PASSWORD} "
            "(the published default; set DEMO_PASSWORD to choose another)."
        )
