"""`irm parties`: the reference data of the parties — check it, count parties on a date, correct a value."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from irm.core.exceptions import DomainError
from irm.parties import selectors, services
from irm.parties.models import State


class Command(BaseCommand):
    help = (
        "Reference data of the parties: check sources, count parties on a date, correct or release a value."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("check", help="how many values are verified, unverified or corrected, per field")
        p.add_argument("--format", choices=["text", "json"], default="text")
        p = sub.add_parser("count", help="how many parties the Convention was in force for on a date")
        p.add_argument("--on", required=True, help="YYYY-MM-DD")
        p.add_argument("--format", choices=["text", "json"], default="text")
        p = sub.add_parser("correct", help="set one value from an official source (kept over reloads)")
        p.add_argument("iso3")
        p.add_argument("field", help=", ".join(services.CORRECTABLE))
        p.add_argument("value", help="the corrected value (dates as YYYY-MM-DD; empty to clear)")
        p.add_argument("--source", required=True, help="the official source of the value")
        p.add_argument("--reason", default="")
        p.add_argument("--actor", help="username of the secretariat member (default: cli)")
        p = sub.add_parser(
            "release", help="let the shipped data decide a corrected value again at the next init"
        )
        p.add_argument("iso3")
        p.add_argument("field")
        p.add_argument("--reason", default="")
        p.add_argument("--actor", help="username of the secretariat member (default: cli)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise CommandError(str(error)) from error

    def _check(self, options: dict[str, Any]) -> None:
        counts = selectors.verification_counts()
        missing = list(selectors.without_dates().values_list("iso3", flat=True))
        if options["format"] == "json":
            self.stdout.write(json.dumps({"fields": counts, "without_dates": missing}, indent=2))
            return
        self.stdout.write(f"{'field':<26} {'verified':>9} {'unverified':>11} {'corrected':>10}")
        for field, row in counts.items():
            self.stdout.write(
                f"{field:<26} {row['verified']:>9} {row['unverified']:>11} {row['corrected']:>10}"
            )
        self.stdout.write(f"parties without a recorded entry into force: {', '.join(missing) or 'none'}")

    def _count(self, options: dict[str, Any]) -> None:
        try:
            on = date.fromisoformat(options["on"])
        except ValueError as error:
            raise CommandError(f"--on: not a date (YYYY-MM-DD): {options['on']!r}") from error
        parties = list(selectors.parties_on(on).values_list("iso3", flat=True))
        if options["format"] == "json":
            self.stdout.write(json.dumps({"on": on.isoformat(), "count": len(parties), "parties": parties}))
        else:
            self.stdout.write(f"{len(parties)} parties on {on.isoformat()}")

    def _state(self, iso3: str) -> State:
        state = State.objects.filter(iso3=iso3.upper()).first()
        if state is None:
            raise CommandError(f"No party with the code {iso3!r}.")
        return state

    def _actor(self, options: dict[str, Any]) -> Any:
        username = options.get("actor")
        if not username:
            return "cli"
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def _correct(self, options: dict[str, Any]) -> None:
        state = services.correct_party_value(
            actor=self._actor(options),
            state=self._state(options["iso3"]),
            field=options["field"],
            value=options["value"],
            source=options["source"],
            reason=options["reason"],
        )
        self.stdout.write(f"{state.iso3}.{options['field']} corrected: {getattr(state, options['field'])}")

    def _release(self, options: dict[str, Any]) -> None:
        services.release_party_correction(
            actor=self._actor(options),
            state=self._state(options["iso3"]),
            field=options["field"],
            reason=options["reason"],
        )
        self.stdout.write(
            f"{options['iso3'].upper()}.{options['field']}: the next irm init reloads the shipped value"
        )
