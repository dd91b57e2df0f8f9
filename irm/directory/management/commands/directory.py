"""`irm directory import FILE [--dry-run] [--actor USER] [--format json|text]`: import the directory of
competent authorities from a CSV or XLSX file (columns: docs/apps/directory.md).

JSON shape: {"file", "rows", "created", "updated", "unchanged", "skipped_newer", "applied",
"errors": [{"file", "row", "column", "message"}], "changes": [{"row", "state", "state_name", "article",
"article_label", "authority", "as_of", "outcome", "outcome_label", "current_as_of"}]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.models import User
from irm.core.errors import command_errors
from irm.directory import imports


class Command(BaseCommand):
    help = "The directory of competent authorities: import"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("import", help="import the directory from a CSV or XLSX file (all or nothing)")
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="check and preview only")
        p.add_argument("--actor", help="username of the secretariat member running it (default: cli)")
        p.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        actor: Any = "cli"
        if options.get("actor"):
            actor = User.objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user {options['actor']!r}.")
        with command_errors():
            checked = imports.import_file(
                actor=actor, content=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
            )
        applied = checked.ok and not options["dry_run"]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({**checked.as_dict(), "applied": applied}, ensure_ascii=False, indent=1)
            )
        else:
            for error in checked.errors:
                self.stdout.write(str(error))
            verb = "imported" if applied else "would import" if checked.ok else "nothing imported"
            counts = checked.outcomes
            self.stdout.write(
                f"{path.name}: {len(checked.rows)} rows, {verb}: {counts['created']} new, {counts['updated']} "
                f"updated, {counts['unchanged']} unchanged, {counts['skipped_newer']} kept (directory newer)"
            )
        if not checked.ok:
            raise CommandError(f"{len(checked.errors)} error(s) in {path.name}: nothing was imported.")
