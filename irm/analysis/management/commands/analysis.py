"""`irm analysis ta-needs …`, `irm analysis thematic …` and `irm analysis counts`: parse, call the
selectors (or the cache's service), write the output.

The command line is the secretariat's tool: it counts every completed executive summary. It runs no
system checks (`irm serve`, `migrate` and CI run them): they import every page and the API, seconds
of a start, for a command that reads. The Word and spreadsheet writers are imported when asked for.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.analysis import selectors
from irm.core.errors import as_command_error
from irm.core.exceptions import DomainError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Technical-assistance needs analysis and thematic reports (JSON, CSV or Word)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        ta = sub.add_parser("ta-needs", help="the technical-assistance needs analysis (S003)")
        ta.add_argument("--cycle", type=int, required=True)
        ta.add_argument("--as-of", type=_date, default=date.today())
        ta.add_argument("--since", type=_date)
        ta.add_argument("--categories", choices=selectors.CATEGORY_MODES, default="all")
        ta.add_argument("--region")
        ta.add_argument("--chapter", type=int)
        ta.add_argument("--category")
        ta.add_argument("--format", choices=["json", "csv", "xlsx", "docx"], default="json")
        ta.add_argument("--language", choices=["en", "zh"], default="en", help="language of the Word report")
        ta.add_argument("--output", help="file to write (default: standard output; required for docx/xlsx)")
        th = sub.add_parser("thematic", help="thematic implementation report or regional supplement")
        th.add_argument("--cycle", type=int, required=True)
        th.add_argument("--chapter", type=int, required=True)
        th.add_argument("--region")
        th.add_argument("--as-of", type=_date, default=date.today())
        th.add_argument("--themes", type=int, default=10)
        th.add_argument("--format", choices=["json", "docx"], default="json")
        th.add_argument("--language", choices=["en", "zh"], default="en")
        th.add_argument("--output")
        counts = sub.add_parser(
            "counts", help="check the need-count cache against the needs and recount the stale reviews"
        )
        counts.add_argument("--all", action="store_true", help="recount every review")

    def handle(self, *args: Any, **options: Any) -> None:
        content: str | bytes
        try:
            if options["subcommand"] == "counts":
                content = self.counts(options)
            elif options["subcommand"] == "ta-needs":
                content = self.ta_needs(options)
            else:
                content = self.thematic(options)
        except DomainError as exc:
            raise as_command_error(exc) from exc
        self.write(content, options)

    def counts(self, o: dict[str, Any]) -> str:
        from irm.analysis import services
        from irm.reviews.models import Review

        started = time.perf_counter()
        if o["all"]:
            ids = list(Review.objects.order_by("pk").values_list("pk", flat=True))
            services.refresh_need_counts(review_ids=ids)
            recounted = len(ids)
        else:
            recounted = len(services.verify_need_counts())
        return f"{recounted} reviews recounted ({time.perf_counter() - started:.1f} s)\n"

    def ta_needs(self, o: dict[str, Any]) -> str | bytes:
        from irm.analysis import reports

        f = selectors.NeedsFilter(
            cycle=o["cycle"],
            as_of=o["as_of"],
            since=o["since"],
            categories=o["categories"],
            region=o["region"],
            chapter=o["chapter"],
            category=o["category"],
        )
        if o["format"] == "docx":
            return reports.needs_docx(reports.needs_report_data(f), o["language"])
        doc = selectors.ta_needs(f)
        if o["format"] == "csv":
            return reports.needs_csv(doc)
        if o["format"] == "xlsx":
            return reports.needs_xlsx(doc)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def thematic(self, o: dict[str, Any]) -> str | bytes:
        from irm.analysis import reports

        doc = selectors.thematic(
            cycle=o["cycle"], chapter=o["chapter"], as_of=o["as_of"], region=o["region"], themes=o["themes"]
        )
        if o["format"] == "docx":
            return reports.thematic_docx(doc, o["language"])
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def write(self, content: str | bytes, o: dict[str, Any]) -> None:
        path = o.get("output")
        if isinstance(content, bytes):
            if not path:
                if sys.stdout.isatty():
                    raise CommandError("binary output: give --output PATH")
                sys.stdout.buffer.write(content)
                return
            with open(path, "wb") as fh:
                fh.write(content)
        elif path:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(content)
        else:
            self.stdout.write(content, ending="")
            return
        self.stderr.write(f"wrote {path}")
