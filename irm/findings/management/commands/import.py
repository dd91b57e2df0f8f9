"""`irm import reviews FILE` and `irm import findings FILE` (.csv or .xlsx).

Every error is printed with file, row and column; nothing is imported unless the whole file is
valid; importing the same file again changes nothing. `--dry-run` shows what would change.
`--format json` prints {"kind", "file", "rows", "created", "updated", "unchanged", "applied",
"batch", "errors": [{"file", "row", "column", "message"}], "changes": [...]}.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.core.errors import as_command_error
from irm.core.exceptions import DomainError
from irm.findings.imports import ImportResult, import_findings, import_reviews

from ._progress import ProgressBar

IMPORTERS = {"reviews": import_reviews, "findings": import_findings}


class Command(BaseCommand):
    help = "Import reviews or findings from a CSV or XLSX file (all or nothing; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, metavar="{reviews,findings}")
        for kind in IMPORTERS:
            p = sub.add_parser(kind, help=f"import {kind}")
            p.add_argument("file", help="a .csv or .xlsx file")
            p.add_argument(
                "--dry-run", action="store_true", help="check and show what would change; write nothing"
            )
            p.add_argument("--format", choices=["text", "json"], default="text")
            p.add_argument("--progress", action="store_true", default=None, help="draw the progress bar")
            p.add_argument("--no-progress", dest="progress", action="store_false")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        bar = ProgressBar(enabled=options["progress"])
        try:
            result = IMPORTERS[options["kind"]](
                actor=None,
                content=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                progress=bar,
            )
        except DomainError as exc:
            raise as_command_error(exc) from exc
        finally:
            bar.close()
        self._print(result, options["format"])
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s) in {result.file}: nothing was imported.")

    def _print(self, result: ImportResult, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
            return
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            return
        verb = "imported" if result.applied else "would import (dry run)"
        self.stdout.write(
            f"{result.file}: {verb} {result.rows} rows: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
        if not result.applied:
            for change in result.changes[:50]:
                self.stdout.write(
                    f"  row {change['row']}: {change['action']} {json.dumps(change, ensure_ascii=False, default=str)}"
                )
