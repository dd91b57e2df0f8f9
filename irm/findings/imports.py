"""Imports of reviews and findings from CSV/XLSX files: validate everything, then write all or nothing.

Both imports follow the same three steps:

1. read and check every row, collecting every error with file, row and column (nothing is written
   if there is one);
2. plan: compare each row with the database (create, update or unchanged) — the preview;
3. unless it is a dry run, apply the plan in one transaction, with one ImportBatch row and audit event.

Rows are matched to what exists, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from irm.convention.models import Article, Chapter
from irm.core.audit import record_event
from irm.core.tabular import Table, read_table
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import Finding, FindingOrigin, FindingType, FindingVersion, ImportBatch
from irm.findings.services import content_key
from irm.parties.models import State
from irm.parties.names import NameResolver, UnknownStateName
from irm.reviews import services as review_services
from irm.reviews.models import DialogueType, DirectDialogue, Milestone, Review, Stage
from irm.reviews.services import ReviewChange, ReviewRecord

Progress = Callable[[str, int, int], None]

REVIEW_COLUMNS = ["cycle", "state", "executive_summary_completed_on"]
REVIEW_OPTIONAL = [
    "review_year",
    "reviewer_1",
    "reviewer_2",
    "stage",
    "checklist_submitted_on",
    "direct_dialogue_on",
    "direct_dialogue_type",
    "country_report_completed_on",
]
#: Date columns of the reviews file → the milestone whose done_on they are.
MILESTONE_COLUMNS = {
    "checklist_submitted_on": Stage.CHECKLIST_SUBMITTED,
    "direct_dialogue_on": Stage.DIRECT_DIALOGUE_HELD,
    "executive_summary_completed_on": Stage.SUMMARY_AGREED,
    "country_report_completed_on": Stage.REPORT_FINALIZED,
}
FINDING_COLUMNS = ["cycle", "state", "type", "chapter", "articles", "categories", "text", "language"]
FINDING_OPTIONAL = ["primary_category", "paragraphs", "ref", "answers"]

ROMAN_NUMBERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
TYPE_ALIASES = {
    "observation": "observation",
    "observations": "observation",
    "good_practice": "good_practice",
    "good_practices": "good_practice",
    "success": "good_practice",
    "challenge": "challenge",
    "challenges": "challenge",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "ta_need": "ta_need",
    "ta_needs": "ta_need",
    "need": "ta_need",
    "technical_assistance_need": "ta_need",
}
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
PREVIEW_LIMIT = 200
BATCH = 2000


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column or '-'}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # the preview (first PREVIEW_LIMIT)
    applied: bool = False
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "applied": self.applied,
            "batch": self.batch_id,
            "errors": [e.as_dict() for e in self.errors],
            "changes": self.changes,
        }


def _noop(phase: str, done: int, total: int) -> None:
    return None


class _StateNames:
    """One NameResolver for the whole file, and each distinct spelling resolved once."""

    def __init__(self) -> None:
        self.resolver = NameResolver()
        self.cache: dict[str, State | UnknownStateName] = {}

    def resolve(self, name: str) -> State:
        found = self.cache.get(name)
        if found is None:
            try:
                found = self.resolver.resolve(name)
            except UnknownStateName as exc:
                found = exc
            self.cache[name] = found
        if isinstance(found, UnknownStateName):
            raise found
        return found


def _missing_columns(table: Table, required: list[str], kind: str) -> list[RowError]:
    return [
        RowError(
            table.filename,
            1,
            column,
            f"missing column {column!r} (a {kind} file needs: {', '.join(required)})",
        )
        for column in required
        if column not in table.header
    ]


def _parse_date(value: str) -> date:
    return date.fromisoformat(value[:10])


def _parse_int(value: str) -> int:
    if value.isdigit():
        return int(value)
    return int(float(value)) if re.fullmatch(r"\d+(\.0+)?", value) else int(value)


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- Reviews ---------------------------------------------------------------------------------------


@dataclass
class _ReviewRow:
    row: int
    cycle: Cycle
    state: State
    year: int | None = None
    reviewer_1: State | None = None
    reviewer_2: State | None = None
    stage: str | None = None
    milestones: dict[str, date] = field(default_factory=dict)
    dialogue_kind: str | None = None
    dialogue_on: date | None = None


def import_reviews(
    *, actor: Any, content: bytes, filename: str, dry_run: bool = False, progress: Progress = _noop
) -> ImportResult:
    """Create or update the review of a State in a cycle, its milestones and direct dialogue, per row."""
    result = ImportResult(kind="reviews", file=filename)
    table = read_table(content, filename)
    result.rows = len(table.rows)
    result.errors = _missing_columns(table, REVIEW_COLUMNS, "reviews")
    if result.errors:
        return result
    names = _StateNames()
    cycles = {c.number: c for c in Cycle.objects.all()}
    stages = {s.value for s in Stage}
    kinds = {k.value for k in DialogueType}
    parsed: list[_ReviewRow] = []
    seen: dict[tuple[int, int], int] = {}
    total = len(table.rows)
    for i, (number, values) in enumerate(table.rows):
        if i % 500 == 0:
            progress("check", i, total)
        errors: list[RowError] = []

        def err(column: str, message: str, _errors: list[RowError] = errors, _number: int = number) -> None:
            _errors.append(RowError(filename, _number, column, message))

        cycle = None
        raw_cycle = values.get("cycle", "")
        try:
            cycle = cycles.get(_parse_int(raw_cycle))
            if cycle is None:
                err("cycle", f"no cycle {raw_cycle!r} (known: {', '.join(str(n) for n in cycles)})")
        except ValueError:
            err("cycle", f"{raw_cycle!r} is not a cycle number" if raw_cycle else "the cycle is required")

        def state_in(column: str, required: bool = False, _values: dict[str, str] = values) -> State | None:
            name = _values.get(column, "")
            if not name:
                if required:
                    err(column, "the State is required")
                return None
            try:
                return names.resolve(name)
            except UnknownStateName as exc:
                err(column, exc.message)
                return None

        state = state_in("state", required=True)
        row = _ReviewRow(row=number, cycle=cycle, state=state)  # type: ignore[arg-type]
        row.reviewer_1 = state_in("reviewer_1")
        row.reviewer_2 = state_in("reviewer_2")
        if values.get("review_year"):
            try:
                row.year = _parse_int(values["review_year"])
                if cycle and not 1 <= row.year <= cycle.years:
                    err("review_year", f"the year of the cycle is between 1 and {cycle.years}")
            except ValueError:
                err("review_year", f"{values['review_year']!r} is not a number")
        if values.get("stage"):
            stage = values["stage"].strip().lower().replace(" ", "_").replace("-", "_")
            if stage in stages:
                row.stage = stage
            else:
                err("stage", f"unknown stage {values['stage']!r} (one of: {', '.join(sorted(stages))})")
        for column, stage_value in MILESTONE_COLUMNS.items():
            raw = values.get(column, "")
            if raw:
                try:
                    row.milestones[stage_value] = _parse_date(raw)
                except ValueError:
                    err(column, f"{raw!r} is not a date (use YYYY-MM-DD)")
        if row.milestones.get(Stage.DIRECT_DIALOGUE_HELD):
            row.dialogue_on = row.milestones[Stage.DIRECT_DIALOGUE_HELD]
        if values.get("direct_dialogue_type"):
            kind = values["direct_dialogue_type"].strip().lower().replace(" ", "_").replace("-", "_")
            if kind in kinds:
                row.dialogue_kind = kind
            else:
                err(
                    "direct_dialogue_type",
                    f"unknown type {values['direct_dialogue_type']!r} (one of: {', '.join(sorted(kinds))})",
                )
        if state is not None:
            for column in ("reviewer_1", "reviewer_2"):
                if getattr(row, column) == state:
                    err(column, "a State does not review itself")
            if row.reviewer_1 is not None and row.reviewer_1 == row.reviewer_2:
                err("reviewer_2", "the two reviewing States must differ")
        if cycle is not None and state is not None:
            key = (cycle.pk, state.pk)
            if key in seen:
                err("state", f"{state.name_en} appears twice for cycle {cycle.number} (also row {seen[key]})")
            seen[key] = number
        result.errors.extend(errors)
        if not errors:
            parsed.append(row)
    progress("check", total, total)
    if result.errors:
        return result

    existing = {
        (r.cycle_id, r.state_id): r
        for r in Review.objects.filter(cycle__in=cycles.values()).prefetch_related("milestones")
    }
    dialogues = {d.review_id: d for d in DirectDialogue.objects.all()}
    plans: list[tuple[_ReviewRow, Review | None, dict[str, Any]]] = []
    for row in parsed:
        review = existing.get((row.cycle.pk, row.state.pk))
        changes = _review_changes(row, review, dialogues.get(review.pk) if review else None)
        if review is None:
            result.created += 1
        elif changes:
            result.updated += 1
        else:
            result.unchanged += 1
        if review is None or changes:
            if len(result.changes) < PREVIEW_LIMIT:
                result.changes.append(
                    {
                        "row": row.row,
                        "action": "create" if review is None else "update",
                        "cycle": row.cycle.number,
                        "state": row.state.iso3,
                        "changes": {
                            k: [str(v[0]) if v[0] is not None else None, str(v[1])]
                            for k, v in changes.items()
                        },
                    }
                )
            plans.append((row, review, changes))
        # merged constraint: the reviewers after the update must still differ from each other
        if review is not None:
            r1 = row.reviewer_1 or review.reviewer_1
            r2 = row.reviewer_2 or review.reviewer_2
            if r1 is not None and r1 == r2:
                result.errors.append(
                    RowError(filename, row.row, "reviewer_2", "the two reviewing States would be the same")
                )
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        review_services.write_review_records(
            actor=actor,
            changes=[
                ReviewChange(record=_record(row), review=review, changes=changes)
                for row, review, changes in plans
            ],
            progress=progress,
        )
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.REVIEWS,
            filename=filename,
            sha256=_sha(content),
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(
            actor=actor,
            action="findings.import_reviews",
            obj=batch,
            after={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    result.applied = True
    result.batch_id = batch.pk
    return result


def _derived_stage(row: _ReviewRow, review: Review | None) -> str | None:
    if row.stage:
        return row.stage
    done = [Stage(s) for s in row.milestones]
    if review is not None:
        done.append(Stage(review.stage))
    if not done:
        return Stage.LOTS_DRAWN if review is None else None
    return max(done, key=lambda s: s.index).value


def _review_changes(
    row: _ReviewRow, review: Review | None, dialogue: DirectDialogue | None
) -> dict[str, tuple[Any, Any]]:
    """What the row changes: field → (before, after). Blank cells change nothing."""
    changes: dict[str, tuple[Any, Any]] = {}

    def compare(name: str, before: Any, after: Any) -> None:
        if after is not None and before != after:
            changes[name] = (before, after)

    compare("year", review.year if review else None, row.year)
    compare("reviewer_1", review.reviewer_1 if review else None, row.reviewer_1)
    compare("reviewer_2", review.reviewer_2 if review else None, row.reviewer_2)
    compare("stage", review.stage if review else None, _derived_stage(row, review))
    done = {m.stage: m.done_on for m in review.milestones.all()} if review else {}
    for stage, on in row.milestones.items():
        compare(f"milestone:{stage}", done.get(stage), on)
    compare("direct_dialogue.kind", dialogue.kind if dialogue else None, row.dialogue_kind)
    if dialogue is not None or row.dialogue_kind:
        compare("direct_dialogue.starts_on", dialogue.starts_on if dialogue else None, row.dialogue_on)
    return changes


def _record(row: _ReviewRow) -> ReviewRecord:
    return ReviewRecord(
        cycle=row.cycle,
        state=row.state,
        year=row.year,
        reviewer_1=row.reviewer_1,
        reviewer_2=row.reviewer_2,
        stage=row.stage,
        milestones=row.milestones,
        dialogue_kind=row.dialogue_kind,
        dialogue_on=row.dialogue_on,
    )


# --- Findings --------------------------------------------------------------------------------------


@dataclass
class FindingRow:
    row: int
    review_id: int
    type: str
    chapter_id: int | None
    chapter_number: int | None
    article_ids: list[int]
    article_numbers: list[int]
    category_ids: list[int]
    primary_id: int | None
    text: str
    language: str
    paragraphs: str
    ref: str
    answers_ref: str
    key: str = ""
    match_id: int | None = None
    answers_id: int | None = None
    origin: str = FindingOrigin.IMPORTED


def _parse_chapter(raw: str) -> int:
    value = raw.strip().upper().removeprefix("CHAPTER").strip()
    if value in ROMAN_NUMBERS:
        return ROMAN_NUMBERS[value]
    return _parse_int(value)


def import_findings(
    *, actor: Any, content: bytes, filename: str, dry_run: bool = False, progress: Progress = _noop
) -> ImportResult:
    """Create or update findings, matched within each review by type, chapter, articles and text."""
    result = ImportResult(kind="findings", file=filename)
    table = read_table(content, filename)
    result.rows = len(table.rows)
    result.errors = _missing_columns(table, FINDING_COLUMNS, "findings")
    if result.errors:
        return result
    has_primary = "primary_category" in table.header
    names = _StateNames()
    cycles = {c.number: c for c in Cycle.objects.prefetch_related("chapters", "articles")}
    cycle_chapters = {c.pk: {ch.number for ch in c.chapters.all()} for c in cycles.values()}
    cycle_articles = {c.pk: {a.number for a in c.articles.all()} for c in cycles.values()}
    chapters = {c.number: c.pk for c in Chapter.objects.all()}
    articles = {a.number: (a.pk, a.chapter.number) for a in Article.objects.select_related("chapter")}
    categories = {(c.cycle_id, c.code): c.pk for c in TACategory.objects.all()}
    category_codes: dict[int, list[str]] = defaultdict(list)
    for cycle_id, code in categories:
        category_codes[cycle_id].append(code)
    reviews = {(c, s): pk for pk, c, s in Review.objects.values_list("pk", "cycle_id", "state_id")}
    parsed: list[FindingRow] = []
    total = len(table.rows)
    Problems = list[tuple[str, str]]
    # Files repeat the same cells (cycle and State, chapter and articles, categories) thousands of
    # times: each distinct combination is checked once.
    where_cache: dict[tuple[str, str], tuple[Any, int | None, Problems]] = {}
    place_cache: dict[tuple[int, str, str], tuple[int | None, list[int], list[int], Problems]] = {}
    category_cache: dict[tuple[int, str, str, str], tuple[list[int], int | None, Problems]] = {}

    def where(raw_cycle: str, raw_state: str) -> tuple[Any, int | None, Problems]:
        problems: Problems = []
        cycle = None
        try:
            cycle = cycles.get(_parse_int(raw_cycle))
            if cycle is None:
                problems.append(
                    ("cycle", f"no cycle {raw_cycle!r} (known: {', '.join(str(n) for n in cycles)})")
                )
        except ValueError:
            problems.append(
                ("cycle", f"{raw_cycle!r} is not a cycle number" if raw_cycle else "the cycle is required")
            )
        state = None
        if not raw_state:
            problems.append(("state", "the State is required"))
        else:
            try:
                state = names.resolve(raw_state)
            except UnknownStateName as exc:
                problems.append(("state", exc.message))
        review_id = None
        if cycle is not None and state is not None:
            review_id = reviews.get((cycle.pk, state.pk))
            if review_id is None:
                problems.append(
                    (
                        "state",
                        f"{state.name_en} has no review in cycle {cycle.number} (import the reviews first)",
                    )
                )
        return cycle, review_id, problems

    def place(
        cycle: Any, raw_chapter: str, raw_articles: str
    ) -> tuple[int | None, list[int], list[int], Problems]:
        problems: Problems = []
        chapter_number: int | None = None
        if raw_chapter:
            try:
                chapter_number = _parse_chapter(raw_chapter)
                if chapter_number not in chapters:
                    problems.append(("chapter", f"no chapter {raw_chapter!r} (1–8 or I–VIII)"))
                    chapter_number = None
                elif cycle is not None and chapter_number not in cycle_chapters[cycle.pk]:
                    problems.append(
                        ("chapter", f"chapter {raw_chapter} is not reviewed in cycle {cycle.number}")
                    )
            except ValueError:
                problems.append(("chapter", f"{raw_chapter!r} is not a chapter (2 or II)"))
        article_numbers: list[int] = []
        article_ids: list[int] = []
        for part in re.split(r"[;,]", raw_articles):
            part = part.strip()
            if not part:
                continue
            try:
                n = _parse_int(part)
            except ValueError:
                problems.append(("articles", f"{part!r} is not an article number"))
                continue
            if n not in articles:
                problems.append(("articles", f"no article {n} in the Convention"))
                continue
            if cycle is not None and n not in cycle_articles[cycle.pk]:
                problems.append(("articles", f"article {n} is not reviewed in cycle {cycle.number}"))
                continue
            if chapter_number is not None and articles[n][1] != chapter_number:
                problems.append(
                    (
                        "articles",
                        f"article {n} is in chapter {articles[n][1]}, not in chapter {chapter_number}",
                    )
                )
                continue
            if n not in article_numbers:
                article_numbers.append(n)
                article_ids.append(articles[n][0])
        if chapter_number is None and article_numbers and not raw_chapter:
            chapter_number = articles[article_numbers[0]][1]
            if len({articles[n][1] for n in article_numbers}) > 1:
                problems.append(("articles", "the articles of one finding belong to one chapter"))
        return chapter_number, article_numbers, article_ids, problems

    def classify(
        cycle: Any, type: str, raw_categories: str, raw_primary: str
    ) -> tuple[list[int], int | None, Problems]:
        problems: Problems = []
        category_ids: list[int] = []
        codes = [c.strip() for c in raw_categories.split(";") if c.strip()]
        if codes and type and type != FindingType.TA_NEED:
            problems.append(("categories", "only technical-assistance needs (ta_need) have categories"))
        elif cycle is not None:
            for code in codes:
                pk = categories.get((cycle.pk, code))
                if pk is None:
                    known = ", ".join(category_codes[cycle.pk])
                    problems.append(
                        ("categories", f"unknown category {code!r} in cycle {cycle.number} (known: {known})")
                    )
                elif pk not in category_ids:
                    category_ids.append(pk)
        primary_id: int | None = None
        if has_primary:
            if raw_primary and cycle is not None:
                primary_id = categories.get((cycle.pk, raw_primary))
                if primary_id is None or primary_id not in category_ids:
                    problems.append(
                        ("primary_category", f"{raw_primary!r} is not one of the row's categories")
                    )
        elif category_ids:
            primary_id = category_ids[0]
        return category_ids, primary_id, problems

    for i, (number, values) in enumerate(table.rows):
        if i % 2000 == 0:
            progress("check", i, total)
        key_where = (values["cycle"], values["state"])
        found_where = where_cache.get(key_where)
        if found_where is None:
            found_where = where_cache[key_where] = where(*key_where)
        cycle, review_id, problems = found_where
        problems = list(problems)
        raw_type = values["type"]
        type = TYPE_ALIASES.get(raw_type) or TYPE_ALIASES.get(
            raw_type.strip().lower().replace(" ", "_").replace("-", "_"), ""
        )
        if not type:
            problems.append(
                (
                    "type",
                    f"unknown type {raw_type!r} (one of: {', '.join(FindingType.values)})"
                    if raw_type.strip()
                    else "the type is required",
                )
            )
        cycle_pk = cycle.pk if cycle is not None else 0
        key_place = (cycle_pk, values["chapter"], values["articles"])
        found_place = place_cache.get(key_place)
        if found_place is None:
            found_place = place_cache[key_place] = place(cycle, values["chapter"], values["articles"])
        chapter_number, article_numbers, article_ids, more = found_place
        problems.extend(more)
        raw_primary = values.get("primary_category", "")
        key_cat = (cycle_pk, type, values["categories"], raw_primary)
        found_cat = category_cache.get(key_cat)
        if found_cat is None:
            found_cat = category_cache[key_cat] = classify(cycle, type, values["categories"], raw_primary)
        category_ids, primary_id, more = found_cat
        problems.extend(more)
        text = values["text"].strip()
        if not text:
            problems.append(("text", "the text is required"))
        language = (values["language"] or "en").strip().lower()
        if language != "en" and not LANGUAGE.match(language):
            problems.append(("language", f"{values['language']!r} is not a language code (en, zh, fr…)"))
        ref = values.get("ref", "").strip()
        answers_ref = values.get("answers", "").strip()
        if answers_ref and type and type != FindingType.RECOMMENDATION:
            problems.append(("answers", "only a recommendation answers a challenge"))
        if problems:
            result.errors.extend(RowError(filename, number, column, message) for column, message in problems)
        elif review_id is not None:
            parsed.append(
                FindingRow(
                    row=number,
                    review_id=review_id,
                    type=type,
                    chapter_id=chapters[chapter_number] if chapter_number else None,
                    chapter_number=chapter_number,
                    article_ids=article_ids,
                    article_numbers=article_numbers,
                    category_ids=category_ids,
                    primary_id=primary_id,
                    text=text,
                    language=language,
                    paragraphs=values.get("paragraphs", "").strip(),
                    ref=ref,
                    answers_ref=answers_ref,
                )
            )
    progress("check", total, total)
    # refs: unique within a review; answers point to a challenge of the same review
    refs: dict[tuple[int, str], FindingRow] = {}
    for row in parsed:
        if row.ref:
            if (row.review_id, row.ref) in refs:
                result.errors.append(
                    RowError(filename, row.row, "ref", f"ref {row.ref!r} is used twice for this review")
                )
            refs[(row.review_id, row.ref)] = row
    for row in parsed:
        if row.answers_ref:
            target = refs.get((row.review_id, row.answers_ref))
            if target is None:
                result.errors.append(
                    RowError(
                        filename, row.row, "answers", f"no row with ref {row.answers_ref!r} for this review"
                    )
                )
            elif target.type != FindingType.CHALLENGE:
                result.errors.append(
                    RowError(filename, row.row, "answers", f"ref {row.answers_ref!r} is not a challenge")
                )
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result

    # Plan: match each row to an existing finding of its review with the same key (in order).
    review_ids = {row.review_id for row in parsed}
    pool: dict[tuple[int, str], list[int]] = defaultdict(list)
    current: dict[int, tuple[str, str, int | None, int | None]] = {}
    frozen: dict[int, int] = {}  # frozen finding → its version (edits keep a FindingVersion)
    agreed_reviews = set(
        Milestone.objects.filter(
            review_id__in=review_ids, stage=Stage.SUMMARY_AGREED, done_on__isnull=False
        ).values_list("review_id", flat=True)
    )
    for pk, review_id, key, language, paragraphs, primary_id, answers_id, frozen_at, version in (
        Finding.objects.filter(review_id__in=review_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "review_id",
            "content_key",
            "language",
            "paragraphs",
            "primary_category_id",
            "answers_id",
            "frozen_at",
            "version",
        )
        .iterator(chunk_size=5000)
    ):
        pool[(review_id, key)].append(pk)
        current[pk] = (language, paragraphs, primary_id, answers_id)
        if frozen_at is not None or review_id in agreed_reviews:
            frozen[pk] = version
    current_categories: dict[int, set[int]] = defaultdict(set)
    if current:
        through = Finding.categories.through
        for finding_id, category_id in (
            through.objects.filter(finding__review_id__in=review_ids)
            .values_list("finding_id", "tacategory_id")
            .iterator(chunk_size=5000)
        ):
            current_categories[finding_id].add(category_id)
    to_create: list[FindingRow] = []
    to_update: list[FindingRow] = []
    for row in parsed:
        row.key = content_key(row.type, row.chapter_number, row.article_numbers, row.text)
        candidates = pool.get((row.review_id, row.key))
        if candidates:
            row.match_id = candidates.pop(0)
    # answers after matching: the id the challenge has (or will have)
    for row in parsed:
        if row.match_id is None:
            to_create.append(row)
            action = "create"
        else:
            cur_language, cur_paragraphs, current_primary, cur_answers = current[row.match_id]
            target = refs.get((row.review_id, row.answers_ref)) if row.answers_ref else None
            answers_changed = (target.match_id if target else None) != cur_answers or (
                target is not None and target.match_id is None
            )
            if (
                cur_language != row.language
                or cur_paragraphs != row.paragraphs
                or current_primary != row.primary_id
                or current_categories.get(row.match_id, set()) != set(row.category_ids)
                or answers_changed
            ):
                to_update.append(row)
                action = "update"
            else:
                result.unchanged += 1
                continue
        if len(result.changes) < PREVIEW_LIMIT:
            result.changes.append(
                {"row": row.row, "action": action, "type": row.type, "text": row.text[:120]}
            )
    result.created = len(to_create)
    result.updated = len(to_update)
    if dry_run:
        return result
    with transaction.atomic():
        _keep_versions(actor, filename, to_update, frozen, current, current_categories)
        _apply_findings(actor, parsed, to_create, to_update, refs, progress)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.FINDINGS,
            filename=filename,
            sha256=_sha(content),
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(
            actor=actor,
            action="findings.import_findings",
            obj=batch,
            after={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "reviews": sorted(review_ids),
            },
        )
    result.applied = True
    result.batch_id = batch.pk
    return result


def _keep_versions(
    actor: Any,
    filename: str,
    to_update: list[FindingRow],
    frozen: dict[int, int],
    current: dict[int, tuple[str, str, int | None, int | None]],
    current_categories: dict[int, set[int]],
) -> None:
    """An import that changes frozen findings keeps what they were, as edits by hand do."""
    changed = [r for r in to_update if r.match_id in frozen]
    if not changed:
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    versions = []
    bumps = []
    for r in changed:
        assert r.match_id is not None
        language, paragraphs, primary_id, answers_id = current[r.match_id]
        versions.append(
            FindingVersion(
                finding_id=r.match_id,
                version=frozen[r.match_id],
                snapshot={
                    "language": language,
                    "paragraphs": paragraphs,
                    "primary_category_id": primary_id,
                    "category_ids": sorted(current_categories.get(r.match_id, set())),
                    "answers": answers_id,
                },
                reason=f"import of {filename}",
                changed_by=user,
            )
        )
        bumps.append(Finding(pk=r.match_id, version=frozen[r.match_id] + 1))
    FindingVersion.objects.bulk_create(versions, batch_size=BATCH)
    Finding.objects.bulk_update(bumps, ["version"], batch_size=BATCH)


def _new_ids(table: str, count: int) -> list[int]:
    """Ids for `count` new rows, taken before inserting (the through rows need them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import's transaction holds the write lock, so max + 1… is ours.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        return list(range(start, start + count))


def _bulk_insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs (COPY on PostgreSQL): the ORM's bulk_create costs more than the database."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # sqlite3's own executemany (a C loop) on the raw connection, inside the same transaction;
        # a larger page cache for this connection keeps the findings' indexes in memory meanwhile.
        cursor.execute("PRAGMA cache_size = -262144")
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})"
        connection.connection.executemany(sql, rows)


def insert_findings(rows: list[FindingRow], *, now: Any, agreed: set[int], user_id: int | None) -> None:
    """Insert new findings with their articles and categories; sets each row's `match_id`."""
    if not rows:
        return
    ids = _new_ids(Finding._meta.db_table, len(rows))
    stamp = connection.ops.adapt_datetimefield_value(now)
    findings = []
    for r, pk in zip(rows, ids, strict=True):
        r.match_id = pk
        findings.append(
            (
                pk,
                r.review_id,
                r.type,
                r.chapter_id,
                r.paragraphs,
                r.text,
                r.language,
                r.primary_id,
                r.answers_id,
                1,
                r.key,
                str(r.origin),
                stamp if r.review_id in agreed else None,
                "",
                user_id,
                stamp,
                stamp,
            )
        )
    _bulk_insert(
        Finding._meta.db_table,
        [
            "id",
            "review_id",
            "type",
            "chapter_id",
            "paragraphs",
            "text",
            "language",
            "primary_category_id",
            "answers_id",
            "version",
            "content_key",
            "origin",
            "frozen_at",
            "follow_up_status",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        findings,
    )
    _bulk_insert(
        Finding.articles.through._meta.db_table,
        ["finding_id", "article_id"],
        [(r.match_id, a) for r in rows for a in r.article_ids],
    )
    _bulk_insert(
        Finding.categories.through._meta.db_table,
        ["finding_id", "tacategory_id"],
        [(r.match_id, c) for r in rows for c in r.category_ids],
    )
    if connection.vendor == "sqlite":
        # keep AUTOINCREMENT's counter in step (SQLite updates it on explicit ids, but be sure)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                [ids[-1], Finding._meta.db_table],
            )


def _apply_findings(
    actor: Any,
    parsed: list[FindingRow],
    to_create: list[FindingRow],
    to_update: list[FindingRow],
    refs: dict[tuple[int, str], FindingRow],
    progress: Progress,
) -> None:
    now = timezone.now()
    agreed = set(
        Milestone.objects.filter(
            review_id__in={r.review_id for r in to_create}, stage=Stage.SUMMARY_AGREED, done_on__isnull=False
        ).values_list("review_id", flat=True)
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    total = len(to_create) + len(to_update)
    done = 0
    categories_through = Finding.categories.through
    if to_create:
        insert_findings(to_create, now=now, agreed=agreed, user_id=user.pk if user else None)
        done += len(to_create)
        progress("write", done, total)
    if to_update:
        ids = [r.match_id for r in to_update if r.match_id is not None]
        for start in range(0, len(ids), BATCH):
            categories_through.objects.filter(finding_id__in=ids[start : start + BATCH]).delete()
        categories_through.objects.bulk_create(
            [
                categories_through(finding_id=r.match_id, tacategory_id=c)
                for r in to_update
                for c in r.category_ids
            ],
            batch_size=BATCH,
        )
        Finding.objects.bulk_update(
            [
                Finding(
                    pk=r.match_id,
                    language=r.language,
                    paragraphs=r.paragraphs,
                    primary_category_id=r.primary_id,
                    updated_at=now,
                )
                for r in to_update
            ],
            ["language", "paragraphs", "primary_category_id", "updated_at"],
            batch_size=BATCH,
        )
        done += len(to_update)
        progress("write", done, total)
    # Links of recommendations to challenges, now that every row has its finding.
    links = []
    updated_rows = {r.row for r in to_update}
    for r in parsed:
        if r.type == FindingType.RECOMMENDATION and r.answers_ref:
            target = refs[(r.review_id, r.answers_ref)]
            links.append(Finding(pk=r.match_id, answers_id=target.match_id))
        elif r.row in updated_rows and r.type == FindingType.RECOMMENDATION:
            links.append(Finding(pk=r.match_id, answers_id=None))
    if links:
        Finding.objects.bulk_update(links, ["answers_id"], batch_size=BATCH)
