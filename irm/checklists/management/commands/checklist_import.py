"""`irm checklist_import ID FILE --as USERNAME [--format json]`: import an answer from an XLSX (all or nothing).

JSON on success: {"answers": int, "needs": int, "stakeholders": int};
on errors: {"error": str, "code": "import_errors", "errors": [{"sheet", "row", "column", "message"}]}.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.models import User
from irm.checklists import services
from irm.checklists.models import Checklist
from irm.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Import a checklist answer from an Excel workbook of the exported structure."

    def add_arguments(self, parser):
        parser.add_argument("checklist_id", type=int)
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help="the focal point importing it")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, checklist_id, file, username, format="text", **options):
        checklist = Checklist.objects.filter(pk=checklist_id).select_related("review").first()
        user = User.objects.filter(username=username).first()
        if checklist is None or user is None:
            raise CommandError("Unknown checklist answer or user.")
        try:
            result = services.import_checklist_xlsx(
                actor=user, checklist=checklist, content=Path(file).read_bytes()
            )
        except DomainError as error:
            if format == "json":
                self.stdout.write(
                    json.dumps({"error": error.message, "code": error.code, **error.details}, indent=2)
                )
                raise SystemExit(1) from None
            lines = [error.message] + [
                f"  {e['sheet']} row {e['row']} column {e['column']}: {e['message']}"
                for e in error.details.get("errors", [])
            ]
            raise CommandError("\n".join(lines)) from None
        if format == "json":
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"Imported: {result['answers']} answers changed, {result['needs']} needs, {result['stakeholders']} stakeholders."
            )
