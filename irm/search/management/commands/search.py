"""`irm search rebuild|sync|status`: the search indexes from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from irm.search import services
from irm.search.models import PublicEntry, RestrictedEntry


class Command(BaseCommand):
    help = "Rebuild, catch up or count the search indexes."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser("rebuild", help="index every document again (e.g. after a restore)")
        rebuild.add_argument("names", nargs="*", help="indexes to rebuild (default: all)")
        rebuild.add_argument("--format", choices=["text", "json"], default="text")
        sync = sub.add_parser("sync", help="refresh what changed outside the services")
        sync.add_argument("--format", choices=["text", "json"], default="text")
        status = sub.add_parser("status", help="documents per index table and kind")
        status.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        indexes = services.registered_indexes()
        subcommand = options["subcommand"]
        if subcommand == "status":
            result: dict[str, Any] = {
                model._meta.db_table: dict(
                    model.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
                )
                for model in (PublicEntry, RestrictedEntry)
            }
        else:
            names = options.get("names") or list(indexes)
            unknown = sorted(set(names) - set(indexes))
            if unknown:
                raise CommandError(f"unknown index {', '.join(unknown)} (known: {', '.join(indexes)})")
            result = {
                name: (indexes[name].rebuild() if subcommand == "rebuild" else indexes[name].sync())
                for name in names
            }
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2, sort_keys=True))
            return
        for name, value in result.items():
            self.stdout.write(f"{name}: {value}")
