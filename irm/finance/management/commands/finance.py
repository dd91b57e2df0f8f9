"""`irm finance report --as-of YYYY-MM-DD --format json|docx [--since DATE]`: the financial report as at a date."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from irm.finance import selectors
from irm.finance.documents import LANGUAGES, narrative, report_docx


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "The mechanism's finances: `irm finance report --as-of 2022-09-30 --format json`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser(
            "report", help="spent per cycle, contributions, requirements, gap, as at a date"
        )
        report.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        report.add_argument(
            "--since", help="compare with the figures as at this date (default: the last issued report)"
        )
        report.add_argument("--format", choices=["json", "docx", "text"], default="json")
        report.add_argument("--language", choices=LANGUAGES, default="en", help="docx/text language")
        report.add_argument(
            "--output", "-o", help="file to write (docx: default finance-report-AS_OF-LANG.docx)"
        )

    def handle(self, *args, action: str, **options):
        as_of = _date(options["as_of"])
        since = _date(options["since"]) if options.get("since") else None
        if since is not None and since >= as_of:
            raise CommandError("--since must be before --as-of")
        report = selectors.build_report(as_of, since=since)
        fmt = options["format"]
        if fmt == "json":
            text = json.dumps(report, ensure_ascii=False, indent=2)
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        if fmt == "text":
            self.stdout.write("\n\n".join(narrative(report, options["language"])))
            return
        content = report_docx(report, options["language"])
        output = options.get("output") or f"finance-report-{as_of.isoformat()}-{options['language']}.docx"
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        Path(output).write_bytes(content)
        self.stdout.write(f"wrote {output} ({len(content)} bytes)")
