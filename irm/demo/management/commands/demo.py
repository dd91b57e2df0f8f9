from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from irm.demo.loader import DemoDataError, loaded_steps


def is_empty() -> bool:
    return not connection.introspection.table_names()


class Command(BaseCommand):
    help = (
        "The demo: `irm demo load` adds it to the database (what it already holds is kept; nothing is "
        "loaded twice); `irm demo reset` empties a demo database and loads the demo again, from the start."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load the demo (after the schema and the reference data)")
        reset = sub.add_parser("reset", help="empty the demo database and load the demo again")
        reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, action: str, yes: bool = False, **options):
        try:
            if action == "reset":
                self.reset(yes=yes)
            else:
                call_command("init", demo=True, stdout=self.stdout)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

    def reset(self, *, yes: bool) -> None:
        name = settings.DATABASES["default"]["NAME"]
        if not is_empty() and not loaded_steps():
            raise CommandError(
                f"The database {name} holds no demo: `irm demo reset` empties only a demo database."
            )
        if not yes:
            answer = input(f"Delete everything in {name} and load the demo again? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was changed.")
        if not is_empty():
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("  database emptied")
        call_command("init", demo=True, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("The demo starts again."))
