"""`irm analytics durations|report`: how the review process performs (docs/apps/analytics.md).

The command line is the secretariat's tool: it shows every cell unless `--public` asks for the
public version (cells from fewer reviews than the minimum suppressed).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from irm.analytics import exports, selectors, texts
from irm.core.exceptions import DomainError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {value[:40]!r}") from None


class Command(BaseCommand):
    help = (
        "Process analytics: how long each stage of the reviews takes, delays, completions against the plan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        durations = sub.add_parser(
            "durations", help="each stage's duration (median, 90th percentile) and the delays"
        )
        report = sub.add_parser("report", help="the whole process analytics of a cycle, as JSON, CSV or XLSX")
        for p in (durations, report):
            p.add_argument("--cycle", type=int, required=True)
            p.add_argument(
                "--as-of", dest="as_of", type=_date, default=None, help="YYYY-MM-DD (default: today)"
            )
            p.add_argument(
                "--public", action="store_true", help="the public version (small cells suppressed)"
            )
        durations.add_argument("--format", choices=["json", "text"], default="text")
        report.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        report.add_argument(
            "--output", help="file to write (required for xlsx unless standard output is a pipe)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or timezone.localdate()
        try:
            cycle = selectors.get_cycle(options["cycle"])
            if options["subcommand"] == "durations":
                data = selectors.durations(cycle, as_of=as_of, public=options["public"])
                if options["format"] == "json":
                    self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
                else:
                    self.stdout.write(texts.durations_text(data), ending="")
                return
            content = self.report(cycle, as_of, options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.write(content, options.get("output"))

    def report(self, cycle: Any, as_of: date, options: dict[str, Any]) -> str | bytes:
        public = options["public"]
        report = selectors.process_report(cycle, as_of=as_of, public=public)
        if options["format"] == "json":
            return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        reviews = None if public else selectors.review_rows(cycle, as_of=as_of)
        tables = exports.tables(report, reviews)
        return exports.as_xlsx(tables) if options["format"] == "xlsx" else exports.as_csv(tables)

    def write(self, content: str | bytes, path: str | None) -> None:
        if path:
            with open(path, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            self.stderr.write(f"wrote {path}")
            return
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise CommandError("binary output: give --output PATH")
            sys.stdout.buffer.write(content)
            return
        self.stdout.write(content, ending="")
