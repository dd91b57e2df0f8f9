"""`irm lots …`: simulate, draw, re-draw, check, import and verify draws of lots.

JSON shapes (documented in docs/apps/lots.md):
- simulate: {"cycle", "seed", "algorithm", "reviews": [{"state", "year", "reviewers": [a, b]}]}
- draw / redraw: {"draw", "cycle", "kind", "year", "seed", "algorithm", "reviews": [...]}
- verify: {"cycle", "draws", "rerun", "reviews", "ok", "problems": [...]}
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from irm.accounts.models import User
from irm.core.errors import as_command_error
from irm.core.exceptions import DomainError
from irm.cycles.models import Cycle
from irm.lots import engine, selectors, services
from irm.lots.models import Draw, Exclusion
from irm.lots.pairing_files import check_file
from irm.parties import selectors as party_selectors
from irm.parties.models import State


class Command(BaseCommand):
    help = "Drawing of lots: simulate | draw | redraw | check | import | verify | volunteer | defer | exclude"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        def with_actor(p):
            p.add_argument("--actor", help="username of the secretariat member running it (default: cli)")
            return p

        p = sub.add_parser("simulate", help="draw a whole cycle for the current parties without saving")
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--seed", type=int)
        p.add_argument("--cap", type=int, help="override the cycle's maximum reviews per reviewer")
        p.add_argument("--format", choices=["json", "text"], default="text")

        p = with_actor(sub.add_parser("draw", help="draw and save a year's reviewers (and the year groups)"))
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--year", type=int, required=True)
        p.add_argument("--seed", type=int)
        p.add_argument("--format", choices=["json", "text"], default="text")

        p = with_actor(sub.add_parser("redraw", help="replace a reviewer at the request of the State"))
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--state", required=True)
        p.add_argument("--replace", action="append", required=True, help="reviewer to replace (repeatable)")
        p.add_argument("--reason", default="")
        p.add_argument("--exceptional", action="store_true", help="secretariat decision beyond the limit")
        p.add_argument("--seed", type=int)
        p.add_argument("--format", choices=["json", "text"], default="text")

        p = sub.add_parser(
            "check", help="check a CSV of pairings, or a recorded cycle (--cycle), against every rule by name"
        )
        p.add_argument("file", nargs="?")
        p.add_argument("--cycle", type=int, help="check the cycle's recorded year groups and pairings")
        p.add_argument("--format", choices=["json", "text"], default="text")

        p = with_actor(sub.add_parser("import", help="record historical pairings after checking them"))
        p.add_argument("file")

        p = sub.add_parser("verify", help="re-run every recorded draw of a cycle and compare")
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--format", choices=["json", "text"], default="text")

        p = with_actor(sub.add_parser("volunteer", help="record a State volunteering for a year"))
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--state", required=True)
        p.add_argument("--year", type=int, required=True)

        p = with_actor(sub.add_parser("defer", help="record a State deferring acting as reviewer in a year"))
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--state", required=True)
        p.add_argument("--year", type=int, required=True)
        p.add_argument("--reason", default="")

        p = with_actor(sub.add_parser("exclude", help="exclude a State from reviewing in a cycle"))
        p.add_argument("--cycle", type=int, required=True)
        p.add_argument("--state", required=True)
        p.add_argument("--kind", choices=Exclusion.Kind.values, required=True)
        p.add_argument("--reason", default="")

    def handle(self, *args, action: str, **options):
        handler = getattr(self, "do_" + action.replace("-", "_"))
        try:
            handler(**options)
        except services.DrawImpossible as exc:
            for problem in exc.problems:
                self.stderr.write(
                    f"impossible: {problem.rule} ({', '.join(problem.states)}): {problem.message}"
                )
            raise as_command_error(exc) from exc
        except DomainError as exc:
            raise as_command_error(exc) from exc

    # helpers -----------------------------------------------------------------------------

    def _cycle(self, number: int) -> Cycle:
        cycle = Cycle.objects.filter(number=number).first()
        if cycle is None:
            raise CommandError(f"No cycle {number}.")
        return cycle

    def _state(self, code: str) -> State:
        state = party_selectors.state_by_iso3(code)
        if state is None:
            raise CommandError(f"No State with the code {code!r}.")
        return state

    def _actor(self, options: dict[str, Any]) -> Any:
        username = options.get("actor")
        if not username:
            return "cli"
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def _print_draw(self, draw: Draw, fmt: str) -> None:
        if draw.kind == Draw.Kind.REDRAW:
            pairs = {draw.result["state"]: draw.result["reviewers"]}
        else:
            pairs = draw.result.get("pairs", {})
        years = {
            r.state.iso3: r.year
            for r in selectors.cycle_reviews(draw.cycle).filter(state__iso3__in=list(pairs))
        }
        reviews = [{"state": c, "year": years.get(c), "reviewers": p} for c, p in sorted(pairs.items())]
        if fmt == "json":
            payload = {
                "draw": draw.pk,
                "cycle": draw.cycle.number,
                "kind": draw.kind,
                "year": draw.year,
                "seed": draw.seed,
                "algorithm": draw.algorithm,
                "reviews": reviews,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"draw #{draw.pk} ({draw.kind}) seed {draw.seed} algorithm {draw.algorithm}")
        for review in reviews:
            self.stdout.write(f"{review['state']} (year {review['year']}): {', '.join(review['reviewers'])}")

    # subcommands -------------------------------------------------------------------------

    def do_simulate(self, *, cycle: int, seed: int | None, cap: int | None, format: str, **_):
        the_cycle = self._cycle(cycle)
        seed = services.new_seed() if seed is None else seed
        rules = selectors.cycle_rules(the_cycle)
        if cap is not None:
            rules = dataclasses.replace(rules, cap=cap)
        states = list(selectors.current_parties())
        parties = [selectors.as_party(s) for s in states]
        # Every current party is put under review, as the contract check of the simulation expects
        # (../shared/checks); a party the cycle keeps from reviewing (the EU, R-P5) reviews nobody.
        try:
            result = engine.simulate_cycle(
                parties,
                rules,
                seed,
                volunteers=selectors.volunteers_of(the_cycle),
                deferrals=selectors.deferrals_of(the_cycle),
                exclusions=sorted(
                    set(selectors.exclusions_of(the_cycle)) | set(selectors.not_reviewers(the_cycle, states))
                ),
            )
        except engine.ImpossibleDraw as exc:
            for problem in exc.problems:
                self.stderr.write(
                    f"impossible: {problem.rule} ({', '.join(problem.states)}): {problem.message}"
                )
            raise CommandError(str(exc)) from exc
        reviews = [
            {"state": code, "year": result["years"][code], "reviewers": result["pairs"][code]}
            for code in sorted(result["years"], key=lambda c: (result["years"][c], c))
        ]
        if format == "json":
            payload = {"cycle": cycle, "seed": seed, "algorithm": engine.ALGORITHM, "reviews": reviews}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"cycle {cycle} seed {seed} algorithm {engine.ALGORITHM}")
        for review in reviews:
            self.stdout.write(f"year {review['year']}  {review['state']}: {', '.join(review['reviewers'])}")

    def do_draw(self, *, cycle: int, year: int, seed: int | None, format: str, **options):
        draw = services.draw_reviewers(
            actor=self._actor(options), cycle=self._cycle(cycle), year=year, seed=seed
        )
        self._print_draw(draw, format)

    def do_redraw(
        self,
        *,
        cycle: int,
        state: str,
        replace: list[str],
        reason: str,
        exceptional: bool,
        seed: int | None,
        format: str,
        **options,
    ):
        draw = services.redraw_reviewers(
            actor=self._actor(options),
            cycle=self._cycle(cycle),
            state=self._state(state),
            replace=[self._state(code) for code in replace],
            reason=reason,
            exceptional=exceptional,
            seed=seed,
        )
        self._print_draw(draw, format)

    def _checked(self, file: str):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file {file}.")
        try:
            checked = check_file(path.read_bytes(), path.name)
        except DomainError as exc:
            raise as_command_error(exc) from exc
        for violation in checked.violations:
            self.stdout.write(violation.line())
        for unknown in checked.unknown:
            self.stdout.write(unknown.line())
        self.stdout.write(checked.summary())
        return checked

    def do_check(self, *, file: str | None, cycle: int | None = None, format: str = "text", **_):
        if cycle is not None:
            self._check_cycle(cycle, format)
            return
        if not file:
            raise CommandError("Give a file of pairings, or --cycle N.")
        checked = self._checked(file)
        if not checked.ok:
            raise CommandError(checked.summary(), returncode=1)

    def _check_cycle(self, number: int, format: str) -> None:
        results = selectors.check_rules(self._cycle(number))
        failed = [r for r in results if not r.ok]
        if format == "json":
            self.stdout.write(
                json.dumps({"cycle": number, "ok": not failed, "rules": [r.to_dict() for r in results]})
            )
        else:
            for result in results:
                mark = "ok  " if result.ok else "FAIL"
                if not result.applies:
                    mark = "n/a "
                elif result.rule.soft:
                    mark = "soft"
                note = f" — {result.note}" if result.note else ""
                self.stdout.write(
                    f"{mark} {result.rule.name} ({result.rule.source}): {result.checked} checked, "
                    f"{len(result.violations)} violations{note}"
                )
                for v in result.violations:
                    self.stdout.write(f"     {', '.join(v.states)}: {v.message}")
            self.stdout.write(f"cycle {number}: {len(results)} rules, {len(failed)} failed")
        if failed:
            raise CommandError(f"rules failed: {', '.join(r.rule.name for r in failed)}", returncode=1)

    def do_import(self, *, file: str, **options):
        checked = self._checked(file)
        if not checked.ok:
            raise CommandError(f"nothing imported: {checked.summary()}", returncode=1)
        counts = services.import_pairings(actor=self._actor(options), rows=checked.rows)
        self.stdout.write(
            f"imported: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
        )

    def do_verify(self, *, cycle: int, format: str, **_):
        report = selectors.verify_cycle(self._cycle(cycle))
        if format == "json":
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            for problem in report.problems:
                self.stdout.write(problem)
            self.stdout.write(
                f"cycle {cycle}: {report.draws} draws ({report.rerun} re-run), {report.reviews} pairings "
                f"compared, {len(report.problems)} problems"
            )
        if not report.ok:
            raise CommandError(f"verification failed: {len(report.problems)} problems", returncode=1)

    def do_volunteer(self, *, cycle: int, state: str, year: int, **options):
        services.record_volunteer(
            actor=self._actor(options), cycle=self._cycle(cycle), state=self._state(state), year=year
        )
        self.stdout.write(f"{state.upper()} volunteers for year {year}")

    def do_defer(self, *, cycle: int, state: str, year: int, reason: str, **options):
        services.record_deferral(
            actor=self._actor(options),
            cycle=self._cycle(cycle),
            state=self._state(state),
            year=year,
            reason=reason,
        )
        self.stdout.write(f"{state.upper()} defers reviewing in year {year}")

    def do_exclude(self, *, cycle: int, state: str, kind: str, reason: str, **options):
        services.record_exclusion(
            actor=self._actor(options),
            cycle=self._cycle(cycle),
            state=self._state(state),
            kind=kind,
            reason=reason,
        )
        self.stdout.write(f"{state.upper()} excluded from reviewing ({kind})")
