"""`irm themes train|suggest|list`: the suggestion model and the themes from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.core.exceptions import DomainError
from irm.findings.models import Finding
from irm.themes import selectors, services


class Command(BaseCommand):
    help = "Train the suggestion model, suggest tags for findings, list the themes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        train = sub.add_parser("train", help="train the model on the confirmed findings (data directory)")
        train.add_argument("--format", choices=["text", "json"], default="text")
        suggest = sub.add_parser("suggest", help="suggest articles, categories and themes")
        suggest.add_argument("--review", type=int, help="the findings of this review (id)")
        suggest.add_argument("--limit", type=int, default=5000, help="at most this many findings")
        suggest.add_argument("--format", choices=["text", "json"], default="text")
        listing = sub.add_parser("list", help="the themes and their sources")
        listing.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = getattr(self, options["subcommand"])(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True))
        elif isinstance(result, list):
            for row in result:
                self.stdout.write(f"{row['code']}: {row['name_en']} ({row['source']})")
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")

    def train(self, options: dict[str, Any]) -> dict[str, Any]:
        return services.train_model(actor=None)

    def suggest(self, options: dict[str, Any]) -> dict[str, Any]:
        if not 1 <= options["limit"] <= 200_000:
            raise CommandError("--limit must be between 1 and 200000")
        if options["review"]:
            findings = Finding.objects.filter(review_id=options["review"]).order_by("pk")
        else:
            findings = selectors.untagged_published_findings()
        return {"suggestions": services.suggest_for(findings=findings[: options["limit"]])}

    def list(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        fields = ("code", "kind", "name_en", "articles", "source")
        return [dict(zip(fields, row, strict=True)) for row in selectors.themes().values_list(*fields)]
