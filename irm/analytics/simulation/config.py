"""A proposal for the next phase, as the secretariat writes it: a JSON or YAML file, bounded and validated.

Every field is optional; a missing field (or `null`) takes its default from the platform's data when
the proposal is run (`irm.analytics.simulation.inputs`). Errors are `InvalidInput` whose message
names the file and the field (`phase.yaml: reviews_per_year: …`) and whose details hold both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from irm.core.exceptions import InvalidInput
from irm.reviews.models import Stage

MAX_BYTES = 64 * 1024
MAX_RUNS = 5_000
MAX_SAMPLES = 5_000  # durations listed for one stage
MAX_DAYS = 3_650
MAX_MONEY = Decimal("1000000000")
MAX_SEED_CHARS = 100

#: The stages whose durations add up to a completed review (from the draw to the agreed summary).
SIMULATED_STAGES: tuple[Stage, ...] = tuple(Stage.ordered()[1 : Stage.SUMMARY_AGREED.index + 1])

FIELDS = (
    "name",
    "reviews_per_year",
    "reviewer_cap_per_year",
    "reviewer_cap_per_cycle",
    "reviewers_per_review",
    "eu_reviewed",
    "eu_reviews",
    "completion_threshold",
    "start_year",
    "stage_durations",
    "cost_per_review",
    "pledged_contributions",
    "runs",
    "seed",
)


@dataclass(frozen=True)
class Proposal:
    """What a proposal says; None everywhere it leaves the default."""

    name: str = ""
    reviews_per_year: int | None = None
    reviewer_cap_per_year: int | None = None
    reviewer_cap_per_cycle: int | None = None
    reviewers_per_review: int = 2
    eu_reviewed: bool | None = None
    eu_reviews: bool | None = None
    completion_threshold: Decimal | None = None
    start_year: int | None = None
    #: stage → the days it takes: one number (always that long) or a list to draw from.
    stage_durations: dict[str, list[int]] = field(default_factory=dict)
    cost_per_review: Decimal | None = None
    pledged_contributions: Decimal | None = None
    runs: int = 200
    seed: int | str = 1

    def to_dict(self) -> dict[str, Any]:
        """The JSON a stored proposal keeps (Decimals as strings)."""
        data = asdict(self)
        for key in ("completion_threshold", "cost_per_review", "pledged_contributions"):
            if data[key] is not None:
                data[key] = str(data[key])
        return data


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename

    def error(self, name: str, message: str) -> InvalidInput:
        where = f"{self.filename}: {name}" if name else self.filename
        return InvalidInput(f"{where}: {message}", details={"file": self.filename, "field": name})

    def integer(self, data: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be a whole number from {low} to {high}, not {_shown(value)}.")
        if not low <= value <= high:
            raise self.error(name, f"must be from {low} to {high}, not {value}.")
        return value

    def boolean(self, data: Mapping[str, Any], name: str) -> bool | None:
        value = data.get(name)
        if value is None or isinstance(value, bool):
            return value
        raise self.error(name, f"must be true or false, not {_shown(value)}.")

    def decimal(self, data: Mapping[str, Any], name: str, low: Decimal, high: Decimal) -> Decimal | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.error(name, f"must be a number, not {_shown(value)}.")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.error(name, f"must be a number, not {_shown(value)}.") from None
        if not number.is_finite() or not low <= number <= high:
            raise self.error(name, f"must be from {low} to {high}, not {_shown(value)}.")
        return number

    def durations(self, data: Mapping[str, Any]) -> dict[str, list[int]]:
        value = data.get("stage_durations")
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.error("stage_durations", "must map stages to days (a number or a list of numbers).")
        known = [s.value for s in SIMULATED_STAGES]
        result = {}
        for stage, days in value.items():
            name = f"stage_durations.{stage}"
            if stage not in known:
                raise self.error(name, f"is not a stage of a review before its summary ({', '.join(known)}).")
            items = days if isinstance(days, list) else [days]
            if not items or len(items) > MAX_SAMPLES:
                raise self.error(name, f"must list from 1 to {MAX_SAMPLES} durations.")
            for index, item in enumerate(items):
                if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_DAYS:
                    where = f"{name}[{index}]" if isinstance(days, list) else name
                    raise self.error(
                        where, f"must be a whole number of days from 0 to {MAX_DAYS}, not {_shown(item)}."
                    )
            result[stage] = list(items)
        return result

    def seed(self, data: Mapping[str, Any]) -> int | str:
        value = data.get("seed", 1)
        if value is None:
            return 1
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.error("seed", f"must be a whole number or a short text, not {_shown(value)}.")
        if isinstance(value, str) and not 0 < len(value) <= MAX_SEED_CHARS:
            raise self.error("seed", f"must have from 1 to {MAX_SEED_CHARS} characters.")
        if isinstance(value, int) and not 0 <= value < 2**63:
            raise self.error("seed", "must be from 0 to 2**63 - 1.")
        return value

    def name(self, data: Mapping[str, Any]) -> str:
        value = data.get("name") or ""
        if not isinstance(value, str) or len(value) > 200:
            raise self.error("name", "must be a text of at most 200 characters.")
        return value.strip()


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def validate(data: Any, *, filename: str = "proposal") -> Proposal:
    """A proposal from parsed data (a mapping); InvalidInput naming the field otherwise."""
    reader = _Reader(filename)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise reader.error("", "must hold a mapping of settings (field: value).")
    unknown = sorted(str(k) for k in data if k not in FIELDS)
    if unknown:
        raise reader.error(unknown[0], f"is not a setting of a proposal (settings: {', '.join(FIELDS)}).")
    return Proposal(
        name=reader.name(data),
        reviews_per_year=reader.integer(data, "reviews_per_year", 1, 1000),
        reviewer_cap_per_year=reader.integer(data, "reviewer_cap_per_year", 1, 100),
        reviewer_cap_per_cycle=reader.integer(data, "reviewer_cap_per_cycle", 1, 100),
        reviewers_per_review=reader.integer(data, "reviewers_per_review", 1, 4) or 2,
        eu_reviewed=reader.boolean(data, "eu_reviewed"),
        eu_reviews=reader.boolean(data, "eu_reviews"),
        completion_threshold=reader.decimal(data, "completion_threshold", Decimal("0.01"), Decimal(1)),
        start_year=reader.integer(data, "start_year", 2000, 2100),
        stage_durations=reader.durations(data),
        cost_per_review=reader.decimal(data, "cost_per_review", Decimal(0), MAX_MONEY),
        pledged_contributions=reader.decimal(data, "pledged_contributions", Decimal(0), MAX_MONEY * 10),
        runs=reader.integer(data, "runs", 1, MAX_RUNS) or 200,
        seed=reader.seed(data),
    )


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases (a small file must not expand into a large document)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not accepted", event.start_mark)
        return super().compose_node(parent, index)


def _load(text: str, filename: str) -> Any:
    if filename.lower().endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=_NoAliases)  # noqa: S506 (a safe loader without aliases)


def parse(content: bytes, *, filename: str = "proposal") -> Proposal:
    """A proposal from a file's bytes: JSON (`.json`) or YAML (any other name), at most 64 KB."""
    reader = _Reader(filename)
    if len(content) > MAX_BYTES:
        raise reader.error("", f"is larger than {MAX_BYTES // 1024} KB.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise reader.error("", "is not UTF-8 text.") from None
    try:
        data = _load(text, filename)
    except RecursionError:
        raise reader.error("", "is nested too deeply.") from None
    except json.JSONDecodeError as exc:
        raise reader.error("", f"is not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise reader.error("", f"is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}.") from None
    return validate(data, filename=filename)


def from_stored(data: Mapping[str, Any]) -> Proposal:
    """A stored proposal's JSON (written by `Proposal.to_dict`) read back through the same checks."""
    cleaned = {k: v for k, v in data.items() if v is not None and v != {} and k in FIELDS}
    return validate(cleaned, filename="proposal")
