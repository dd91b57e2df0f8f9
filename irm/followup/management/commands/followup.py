"""`irm followup report --cycle N [--as-of DATE] --format json|text`: the compilation of a cycle's follow-up.

JSON: `{"cycle", "as_of", "recommendations", "by_status": {status: count}, "by_article", "by_chapter",
"by_region", "by_state"}`; the counts of `by_status` add up to `recommendations` (`not_reported` included).
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.followup import selectors
from irm.parties.models import RegionalGroup


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Follow-up of recommendations: status by State, article, chapter and region (JSON or text)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        report = sub.add_parser("report", help="the compilation of a cycle's follow-up")
        report.add_argument("--cycle", type=int, required=True)
        report.add_argument("--as-of", type=_date, default=None)
        report.add_argument("--region", choices=[r for r in RegionalGroup.values if r], default="")
        report.add_argument(
            "--published-only", action="store_true", help="only follow-up the States published"
        )
        report.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: object, **options: object) -> None:
        compilation = selectors.compile_follow_up(
            cycle_number=int(str(options["cycle"])),
            as_of=options["as_of"],  # type: ignore[arg-type]
            region=str(options["region"] or ""),
            published_only=bool(options["published_only"]),
        )
        data = compilation.as_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        labels = selectors.status_labels()
        self.stdout.write(
            f"Cycle {data['cycle']}, as of {data['as_of']}: {data['recommendations']} recommendations"
        )
        for status in selectors.STATUSES:
            self.stdout.write(f"  {labels[status]}: {data['by_status'][status]}")
        self.stdout.write("By article:")
        for article, counts in data["by_article"].items():
            parts = ", ".join(f"{labels[s]} {counts[s]}" for s in selectors.STATUSES if counts[s])
            self.stdout.write(f"  {article}: {parts}")
