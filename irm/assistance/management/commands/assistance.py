"""`irm assistance report [--cycle N] [--as-of DATE] --format json|text` and `irm assistance import FILE`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from irm.accounts.models import User
from irm.assistance import imports, selectors
from irm.core.errors import command_errors


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def text_report(doc: dict) -> str:
    lines = [
        f"Technical-assistance needs as at {doc['as_of']}"
        + (f", cycle {doc['cycle']}" if doc["cycle"] else ", all cycles"),
        f"  needs {doc['needs']}: met {doc['met']}, partly met {doc['partly_met']}, unmet {doc['unmet']}",
        "By category:",
        *(
            f"  {row['name']} (cycle {row['cycle']}): {row['needs']} needs, {row['met']} met, "
            f"{row['partly_met']} partly met, {row['unmet']} unmet"
            for row in doc["by_category"]
        ),
        "By provider:",
        *(
            f"  {row['label']}: {row['activities']} activities, {row['delivered']} delivered, "
            f"{row['needs_met']} needs met, {row['needs_partly_met']} partly met"
            for row in doc["by_provider"]
        ),
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "The technical-assistance register: `irm assistance report --cycle 1 --format json`, `irm assistance import FILE`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="needs met, partly met and unmet, by category and provider")
        report.add_argument("--cycle", type=int, help="only the needs of this cycle (default: every cycle)")
        report.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        report.add_argument("--format", choices=["json", "text"], default="json")
        report.add_argument(
            "--funding", action="store_true", help="add funding totals by provider (confidential)"
        )
        load = sub.add_parser("import", help="import activities from a CSV or XLSX file (all or nothing)")
        load.add_argument("file")
        load.add_argument("--as", dest="username", required=True, help="the secretariat user who imports")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would be created"
        )

    def handle(self, *args, action: str, **options):
        if action == "report":
            as_of = _date(options["as_of"]) if options.get("as_of") else timezone.localdate()
            doc = selectors.report(cycle=options.get("cycle"), as_of=as_of, funding=options["funding"])
            if options["format"] == "json":
                self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(text_report(doc))
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        with command_errors():
            result = imports.import_activities(
                actor=user, content=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
            )
        if result.dry_run:
            self.stdout.write(
                f"{result.filename}: {len(result.rows)} activities would be created (nothing imported)"
            )
        else:
            self.stdout.write(f"{result.filename}: {result.created} activities imported")
