"""Placeholder replaced by the demo loader."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the four demo areas of the seeds (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("Demo data: nothing to load yet.")
