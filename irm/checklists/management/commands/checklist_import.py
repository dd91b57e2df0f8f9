"""`irm checklist_import ID FILE --as USERNAME [--dry-run] [--apply-conflicts REFS] [--format json]`.

Imports an answer from an XLSX exported by the platform. Rows whose answer, need or stakeholder changed
on the platform since the export are conflicts: listed, and imported only when named in
`--apply-conflicts` (`Answers:12,Needs:3`; a bare row number is a row of the Answers sheet).
`--dry-run` shows the plan and changes nothing.

JSON: {"applied": bool, "answers": int, "needs": int, "stakeholders": int,
"changes": [{"ref", "sheet", "row", "action", "label", "conflict", "reason", "yours", "current", "applied"}],
"conflicts": [same]}; on errors: {"error": str, "code": str, "errors": [{"sheet", "row", "column", "message"}]}
(exit status 1).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.models import User
from irm.checklists import services
from irm.checklists.imports import ImportResult, parse_refs
from irm.checklists.models import Checklist
from irm.core.errors import api_body, as_command_error
from irm.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Import a checklist answer from an Excel workbook exported by the platform."

    def add_arguments(self, parser):
        parser.add_argument("checklist_id", type=int)
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help="the focal point importing it")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
        parser.add_argument(
            "--apply-conflicts",
            default="",
            metavar="REFS",
            help="conflicting rows to import anyway, e.g. Answers:12,Needs:3",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, checklist_id, file, username, format="text", **options):
        checklist = Checklist.objects.filter(pk=checklist_id).select_related("review").first()
        user = User.objects.filter(username=username).first()
        if checklist is None or user is None:
            raise CommandError("Unknown checklist answer or user.")
        path = Path(file)
        try:
            result = services.import_checklist_xlsx(
                actor=user,
                checklist=checklist,
                content=path.read_bytes(),
                filename=path.name,
                apply_conflicts=parse_refs(options["apply_conflicts"]),
                dry_run=options["dry_run"],
            )
        except DomainError as error:
            if format == "json":
                self.stdout.write(json.dumps(api_body(error), indent=2))
                raise SystemExit(1) from None
            raise as_command_error(error) from None
        if format == "json":
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self._print(result)

    def _print(self, result: ImportResult) -> None:
        counts = result.as_dict()
        verb = "Imported" if result.applied else "Would import (dry run)"
        self.stdout.write(
            f"{verb}: {counts['answers']} answers, {counts['needs']} needs, "
            f"{counts['stakeholders']} stakeholders changed."
        )
        for row in result.conflicts:
            state = "imported" if row.applied else f"not imported (add {row.ref} to --apply-conflicts)"
            self.stdout.write(f"  conflict {row.sheet} row {row.row} ({row.label}): {row.reason} {state}")
