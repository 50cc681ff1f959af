"""The reporting cycle from the command line: generate occurrences, update states, show them.

manage.py cycle generate                  # what the nightly task runs
manage.py cycle states                    # what the morning tasks run: states,
manage.py cycle remind                    #   reminders
manage.py cycle escalate                  #   and escalation
manage.py cycle digest                    # what the weekly task runs
manage.py cycle show --area bromley --financial-year 2026 --format csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from boards.models import Area
from calendar_cycle import ical, windows
from calendar_cycle.digest import digests_send
from calendar_cycle.escalation import occurrences_escalate
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.planning import Horizon
from calendar_cycle.reminders import reminders_send
from calendar_cycle.selectors import occurrence_list_for_area
from calendar_cycle.services import update_states

#: what the morning and weekly tasks run, by hand
MORNING_AND_WEEKLY = {
    "remind": "Send the reminders owed today and any that failed before.",
    "escalate": "Flag occurrences overdue too long to both chairs; suggest a concern.",
    "digest": "Send each business manager this week's digest, once.",
}
CSV_COLUMNS = ("protocol", "obligation", "owing", "receiving", "opens", "due", "state")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def financial_year(value: str) -> int:
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"give the year the financial year starts in, from {FIRST_YEAR} to {LAST_YEAR} "
            f"(2026 is April 2026 to March 2027), not “{value}”"
        )
    return int(value)


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"give a date as YYYY-MM-DD, for example 2026-04-01, not “{value}”"
        ) from None


class Command(BaseCommand):
    help = "Generate occurrences of obligations, update their states, or show an area's."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        generate = actions.add_parser(
            "generate",
            help="Generate occurrences for the current and next financial year. Versions "
            "unchanged since the last run are not planned again.",
        )
        generate.add_argument(
            "--today", type=iso_date, help="Plan as if it were this day (YYYY-MM-DD)."
        )
        generate.add_argument(
            "--force",
            action="store_true",
            help="Plan and compare every version, even those unchanged since the last run.",
        )
        states = actions.add_parser(
            "states", help="Move occurrences into today's states and open due reviews."
        )
        states.add_argument("--today", type=iso_date, help="As if it were this day.")
        for name, text in MORNING_AND_WEEKLY.items():
            action = actions.add_parser(name, help=text)
            action.add_argument("--today", type=iso_date, help="As if it were this day.")
        show = actions.add_parser("show", help="Print an area's occurrences in a financial year.")
        show.add_argument("--area", required=True, help="The area's short web name.")
        show.add_argument(
            "--financial-year",
            type=financial_year,
            help="The year it starts in: 2026 is April 2026 to March 2027 (default: now).",
        )
        show.add_argument("--format", choices=("csv", "ics"), default="csv")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "generate":
            self._generate(options["today"], force=options["force"])
        elif action == "states":
            counts = update_states(today=options["today"])
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        elif action == "remind":
            counts = reminders_send(today=options["today"])
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        elif action == "escalate":
            self.stdout.write(f"escalated: {occurrences_escalate(today=options['today'])}")
        elif action == "digest":
            counts = digests_send(today=options["today"])
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        else:
            self._show(options)

    def _generate(self, today: dt.date | None, *, force: bool) -> None:
        today = today or timezone.localdate()
        horizon = Horizon.around(today)
        stats = generate_occurrences(today=today, horizon=horizon, force=force)
        self.stdout.write(
            f"Financial years {windows.financial_year_label(horizon.first_fy)} and "
            f"{windows.financial_year_label(horizon.last_fy)}: {stats.versions} versions in "
            f"force, {stats.versions_planned} planned; {stats.created} occurrences created, "
            f"{stats.updated} updated, {stats.deleted} deleted."
        )
        if stats.invalid_rules:
            self.stderr.write(
                f"{stats.invalid_rules} timing rules could not be read and were skipped."
            )

    def _show(self, options) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area with the short web name “{options['area']}”.")
        fy = options["financial_year"] or windows.financial_year_of(timezone.localdate())
        occurrences = occurrence_list_for_area(area, fy)
        if options["format"] == "ics":
            name = f"{area.name}: {windows.financial_year_label(fy)}"
            self.stdout.write(ical.to_ical(occurrences, name=name).decode(), ending="")
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for occurrence in occurrences:
            writer.writerow(
                (
                    occurrence.version.protocol.reference,
                    _what(occurrence),
                    ical.owing_label(occurrence),
                    ical.receiving_label(occurrence),
                    occurrence.opens_on.isoformat() if occurrence.opens_on else "",
                    occurrence.due_on.isoformat(),
                    occurrence.state,
                )
            )


def _what(occurrence) -> str:
    if occurrence.obligation_id is None:
        return occurrence.title
    return " ".join(occurrence.obligation.description.split())
