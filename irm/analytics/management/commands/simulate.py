"""`irm simulate phase --config FILE [FILE …]`: what a proposal for the next phase would take.

One file prints one result; two or more print them side by side. The same seed gives the same result
(and the same data: `--as-of` fixes the day the defaults are read for).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.analytics import selectors, simulation
from irm.analytics.simulation.texts import comparison_text, result_text
from irm.core.exceptions import DomainError

MAX_FILES = 10


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {value[:40]!r}") from None


def read_config(path: str) -> simulation.Proposal:
    file = Path(path)
    try:
        with file.open("rb") as fh:
            content = fh.read(simulation.MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
    return simulation.parse(content, filename=file.name)


class Command(BaseCommand):
    help = (
        "Simulate proposals for the next phase: feasible draw, completion years, threshold year, cost, gap."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        phase = sub.add_parser("phase", help="one proposal, or several side by side")
        phase.add_argument(
            "--config",
            nargs="+",
            action="extend",
            required=True,
            metavar="FILE",
            help="a proposal as JSON (.json) or YAML; two or more are compared",
        )
        phase.add_argument("--format", choices=["json", "text"], default="text")
        phase.add_argument(
            "--as-of",
            dest="as_of",
            type=_date,
            default=None,
            help="the day the defaults are read for (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[str] = options["config"]
        if len(paths) > MAX_FILES:
            raise CommandError(f"at most {MAX_FILES} proposals at a time, not {len(paths)}.")
        try:
            proposals = [read_config(p) for p in paths]
            defaults = selectors.simulation_defaults(as_of=options["as_of"])
            results = [simulation.simulate(simulation.resolve(p, defaults)) for p in proposals]
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        names = [p.name or Path(path).name for p, path in zip(proposals, paths, strict=True)]
        if options["format"] == "json":
            if len(results) == 1:
                document: Any = results[0]
            else:
                document = {
                    "proposals": [
                        {"config": path, "name": name, **result}
                        for path, name, result in zip(paths, names, results, strict=True)
                    ]
                }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        text = result_text(results[0], names[0]) if len(results) == 1 else comparison_text(results, names)
        self.stdout.write(text, ending="")
