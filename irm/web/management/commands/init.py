from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from irm.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or update the database and load the reference data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also load the demo data")

    def handle(self, *args, demo: bool = False, verbosity: int = 1, **options):
        call_command("migrate", interactive=False, verbosity=0)
        results = load_reference_data()
        if verbosity:
            for step, counts in results.items():
                self.stdout.write(f"  {step.split(':')[1]}: {counts}")
        if demo:
            from irm.demo import load_demo

            load_demo(stdout=self.stdout)
