"""`irm export findings --cycle N FILE` (and `irm export reviews --cycle N FILE`), .csv or .xlsx.

The columns are those of `irm import`; importing the file back changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from irm.core.errors import as_command_error
from irm.core.exceptions import DomainError
from irm.core.tabular import format_of
from irm.findings.exports import export_findings, export_reviews

EXPORTERS = {"findings": export_findings, "reviews": export_reviews}


class Command(BaseCommand):
    help = "Export the findings (or reviews) of a cycle to a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, metavar="{findings,reviews}")
        for kind in EXPORTERS:
            p = sub.add_parser(kind, help=f"export {kind}")
            p.add_argument("--cycle", type=int, required=True)
            p.add_argument("file", help="a .csv or .xlsx file to write")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            fmt = format_of(path.name)
            content = EXPORTERS[options["kind"]](cycle_number=options["cycle"], fmt=fmt)
        except DomainError as exc:
            raise as_command_error(exc) from exc
        path.write_bytes(content)
        self.stdout.write(f"{path}: {options['kind']} of cycle {options['cycle']} written.")
