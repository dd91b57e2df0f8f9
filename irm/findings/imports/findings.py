"""The findings import: read → resolve → validate → plan → apply.

Each row is a finding of a review (cycle and State): type, chapter and articles, categories, text and
language, optional `ref`/`answers` linking a recommendation to the challenge it answers. Everything up
to the plan reads only, so a file of 100,000 rows is parsed and checked before any transaction opens;
`apply` is the one short write transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.convention.models import Article, Chapter
from irm.core.numerals import from_roman
from irm.core.tabular import Table
from irm.cycles.models import Cycle, TACategory
from irm.findings.imports.common import (
    BATCH,
    FINDING_COLUMNS,
    LANGUAGE,
    TYPE_ALIASES,
    ImportResult,
    Progress,
    RowError,
    _noop,
    _parse_int,
    _StateNames,
    read,
    record_batch,
)
from irm.findings.imports.sql import insert_findings
from irm.findings.models import Finding, FindingOrigin, FindingType, FindingVersion, ImportBatch
from irm.findings.services import content_key
from irm.findings.signals import findings_written
from irm.parties.names import UnknownStateName
from irm.reviews.models import Milestone, Review, Stage

Problems = list[tuple[str, str]]


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
    if value and set(value) <= set("IVXLCDM"):
        return from_roman(value)
    return _parse_int(value)


class Lookups:
    """Step 2's reference: cycles, chapters, articles, categories and reviews, read once per file;
    each distinct combination of cells (files repeat them thousands of times) is resolved once."""

    def __init__(self, has_primary: bool) -> None:
        self.has_primary = has_primary
        self.names = _StateNames()
        self.cycles = {c.number: c for c in Cycle.objects.prefetch_related("chapters", "articles")}
        self.cycle_chapters = {c.pk: {ch.number for ch in c.chapters.all()} for c in self.cycles.values()}
        self.cycle_articles = {c.pk: {a.number for a in c.articles.all()} for c in self.cycles.values()}
        self.chapters = {c.number: c.pk for c in Chapter.objects.all()}
        self.articles = {
            a.number: (a.pk, a.chapter.number) for a in Article.objects.select_related("chapter")
        }
        self.categories = {(c.cycle_id, c.code): c.pk for c in TACategory.objects.all()}
        self.category_codes: dict[int, list[str]] = defaultdict(list)
        for cycle_id, code in self.categories:
            self.category_codes[cycle_id].append(code)
        self.reviews = {(c, s): pk for pk, c, s in Review.objects.values_list("pk", "cycle_id", "state_id")}
        self.cache: dict[tuple[Any, ...], Any] = {}

    def once(self, key: tuple[Any, ...], compute: Any, *args: Any) -> Any:
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = compute(*args)
        return found

    def where(self, raw_cycle: str, raw_state: str) -> tuple[Any, int | None, Problems]:
        problems: Problems = []
        cycle = None
        try:
            cycle = self.cycles.get(_parse_int(raw_cycle))
            if cycle is None:
                problems.append(
                    ("cycle", f"no cycle {raw_cycle!r} (known: {', '.join(str(n) for n in self.cycles)})")
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
                state = self.names.resolve(raw_state)
            except UnknownStateName as exc:
                problems.append(("state", exc.message))
        review_id = None
        if cycle is not None and state is not None:
            review_id = self.reviews.get((cycle.pk, state.pk))
            if review_id is None:
                problems.append(
                    (
                        "state",
                        f"{state.name_en} has no review in cycle {cycle.number} (import the reviews first)",
                    )
                )
        return cycle, review_id, problems

    def place(
        self, cycle: Any, raw_chapter: str, raw_articles: str
    ) -> tuple[int | None, list[int], list[int], Problems]:
        problems: Problems = []
        chapter_number: int | None = None
        if raw_chapter:
            try:
                chapter_number = _parse_chapter(raw_chapter)
                if chapter_number not in self.chapters:
                    problems.append(("chapter", f"no chapter {raw_chapter!r} (1–8 or I–VIII)"))
                    chapter_number = None
                elif cycle is not None and chapter_number not in self.cycle_chapters[cycle.pk]:
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
            if n not in self.articles:
                problems.append(("articles", f"no article {n} in the Convention"))
                continue
            if cycle is not None and n not in self.cycle_articles[cycle.pk]:
                problems.append(("articles", f"article {n} is not reviewed in cycle {cycle.number}"))
                continue
            if chapter_number is not None and self.articles[n][1] != chapter_number:
                problems.append(
                    (
                        "articles",
                        f"article {n} is in chapter {self.articles[n][1]}, not in chapter {chapter_number}",
                    )
                )
                continue
            if n not in article_numbers:
                article_numbers.append(n)
                article_ids.append(self.articles[n][0])
        if chapter_number is None and article_numbers and not raw_chapter:
            chapter_number = self.articles[article_numbers[0]][1]
            if len({self.articles[n][1] for n in article_numbers}) > 1:
                problems.append(("articles", "the articles of one finding belong to one chapter"))
        return chapter_number, article_numbers, article_ids, problems

    def classify(
        self, cycle: Any, type: str, raw_categories: str, raw_primary: str
    ) -> tuple[list[int], int | None, Problems]:
        problems: Problems = []
        category_ids: list[int] = []
        codes = [c.strip() for c in raw_categories.split(";") if c.strip()]
        if codes and type and type != FindingType.TA_NEED:
            problems.append(("categories", "only technical-assistance needs (ta_need) have categories"))
        elif cycle is not None:
            for code in codes:
                pk = self.categories.get((cycle.pk, code))
                if pk is None:
                    known = ", ".join(self.category_codes[cycle.pk])
                    problems.append(
                        ("categories", f"unknown category {code!r} in cycle {cycle.number} (known: {known})")
                    )
                elif pk not in category_ids:
                    category_ids.append(pk)
        primary_id: int | None = None
        if self.has_primary:
            if raw_primary and cycle is not None:
                primary_id = self.categories.get((cycle.pk, raw_primary))
                if primary_id is None or primary_id not in category_ids:
                    problems.append(
                        ("primary_category", f"{raw_primary!r} is not one of the row's categories")
                    )
        elif category_ids:
            primary_id = category_ids[0]
        return category_ids, primary_id, problems


@dataclass
class Resolved:
    """One row after step 2: what its cells name (`row` is None when something is unknown)."""

    number: int
    values: dict[str, str]
    row: FindingRow | None
    problems: Problems = field(default_factory=list)


def _type_of(raw_type: str) -> tuple[str, Problems]:
    type = TYPE_ALIASES.get(raw_type) or TYPE_ALIASES.get(
        raw_type.strip().lower().replace(" ", "_").replace("-", "_"), ""
    )
    if type:
        return type, []
    message = (
        f"unknown type {raw_type!r} (one of: {', '.join(FindingType.values)})"
        if raw_type.strip()
        else "the type is required"
    )
    return "", [("type", message)]


def _resolve_row(lookups: Lookups, number: int, values: dict[str, str]) -> Resolved:
    cycle, review_id, problems = lookups.once(
        ("where", values["cycle"], values["state"]), lookups.where, values["cycle"], values["state"]
    )
    problems = list(problems)
    type, more = _type_of(values["type"])
    problems += more
    cycle_pk = cycle.pk if cycle is not None else 0
    chapter_number, article_numbers, article_ids, more = lookups.once(
        ("place", cycle_pk, values["chapter"], values["articles"]),
        lookups.place,
        cycle,
        values["chapter"],
        values["articles"],
    )
    problems += more
    raw_primary = values.get("primary_category", "")
    category_ids, primary_id, more = lookups.once(
        ("classify", cycle_pk, type, values["categories"], raw_primary),
        lookups.classify,
        cycle,
        type,
        values["categories"],
        raw_primary,
    )
    problems += more
    row = None
    if review_id is not None and type:
        row = FindingRow(
            row=number,
            review_id=review_id,
            type=type,
            chapter_id=lookups.chapters[chapter_number] if chapter_number else None,
            chapter_number=chapter_number,
            article_ids=article_ids,
            article_numbers=article_numbers,
            category_ids=category_ids,
            primary_id=primary_id,
            text=values["text"].strip(),
            language=(values["language"] or "en").strip().lower(),
            paragraphs=values.get("paragraphs", "").strip(),
            ref=values.get("ref", "").strip(),
            answers_ref=values.get("answers", "").strip(),
        )
    return Resolved(number, values, row, problems)


def resolve_findings(table: Table, *, progress: Progress = _noop) -> list[Resolved]:
    """Step 2, resolve: cycle and State to a review, type, chapter and articles, categories."""
    lookups = Lookups(has_primary="primary_category" in table.header)
    total = len(table.rows)
    resolved = []
    for i, (number, values) in enumerate(table.rows):
        if i % 2000 == 0:
            progress("check", i, total)
        resolved.append(_resolve_row(lookups, number, values))
    progress("check", total, total)
    return resolved


def _field_problems(item: Resolved) -> Problems:
    """The rules of one row's own cells: text, language, what may answer a challenge."""
    values, problems = item.values, []
    if not values["text"].strip():
        problems.append(("text", "the text is required"))
    language = (values["language"] or "en").strip().lower()
    if language != "en" and not LANGUAGE.match(language):
        problems.append(("language", f"{values['language']!r} is not a language code (en, zh, fr…)"))
    type, _ = _type_of(values["type"])
    if values.get("answers", "").strip() and type and type != FindingType.RECOMMENDATION:
        problems.append(("answers", "only a recommendation answers a challenge"))
    return problems


def _link_problems(
    parsed: list[FindingRow], filename: str
) -> tuple[dict[tuple[int, str], FindingRow], list[RowError]]:
    """The rules across rows: a `ref` is unique within a review; `answers` names a challenge's ref."""
    errors: list[RowError] = []
    # refs: unique within a review; answers point to a challenge of the same review
    refs: dict[tuple[int, str], FindingRow] = {}
    for row in parsed:
        if row.ref:
            if (row.review_id, row.ref) in refs:
                errors.append(
                    RowError(filename, row.row, "ref", f"ref {row.ref!r} is used twice for this review")
                )
            refs[(row.review_id, row.ref)] = row
    for row in parsed:
        if row.answers_ref:
            target = refs.get((row.review_id, row.answers_ref))
            if target is None:
                errors.append(
                    RowError(
                        filename, row.row, "answers", f"no row with ref {row.answers_ref!r} for this review"
                    )
                )
            elif target.type != FindingType.CHALLENGE:
                errors.append(
                    RowError(filename, row.row, "answers", f"ref {row.answers_ref!r} is not a challenge")
                )
    return refs, errors


def validate_findings(
    resolved: Sequence[Resolved], filename: str
) -> tuple[list[FindingRow], dict[tuple[int, str], FindingRow], list[RowError]]:
    """Step 3, validate: each row's own rules, then the links between rows. Returns the valid rows,
    the rows by (review, ref), and every error sorted by row and column."""
    errors: list[RowError] = []
    parsed: list[FindingRow] = []
    for item in resolved:
        problems = item.problems + _field_problems(item)
        if problems:
            errors.extend(RowError(filename, item.number, column, message) for column, message in problems)
        elif item.row is not None:
            parsed.append(item.row)
    refs, more = _link_problems(parsed, filename)
    errors += more
    errors.sort(key=lambda e: (e.row, e.column))
    return parsed, refs, errors


@dataclass
class FindingsPlan:
    """What `apply` writes: new rows, changed rows (matched to an existing finding), and what the
    changed ones were (frozen findings keep a version, as edits by hand do)."""

    parsed: list[FindingRow]
    refs: dict[tuple[int, str], FindingRow]
    review_ids: set[int]
    to_create: list[FindingRow] = field(default_factory=list)
    to_update: list[FindingRow] = field(default_factory=list)
    frozen: dict[int, int] = field(default_factory=dict)
    current: dict[int, tuple[str, str, int | None, int | None]] = field(default_factory=dict)
    current_categories: dict[int, set[int]] = field(default_factory=dict)


def _existing(plan: FindingsPlan) -> dict[tuple[int, str], list[int]]:
    """The findings of the file's reviews as they are: pools by content key, and what may change."""
    review_ids = plan.review_ids
    pool: dict[tuple[int, str], list[int]] = defaultdict(list)
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
        plan.current[pk] = (language, paragraphs, primary_id, answers_id)
        if frozen_at is not None or review_id in agreed_reviews:
            plan.frozen[pk] = version
    categories: dict[int, set[int]] = defaultdict(set)
    if plan.current:
        through = Finding.categories.through
        for finding_id, category_id in (
            through.objects.filter(finding__review_id__in=review_ids)
            .values_list("finding_id", "tacategory_id")
            .iterator(chunk_size=5000)
        ):
            categories[finding_id].add(category_id)
    plan.current_categories = categories
    return pool


def _changed(plan: FindingsPlan, row: FindingRow) -> bool:
    if row.match_id is None:
        raise RuntimeError("expected row.match_id is not None")
    cur_language, cur_paragraphs, current_primary, cur_answers = plan.current[row.match_id]
    target = plan.refs.get((row.review_id, row.answers_ref)) if row.answers_ref else None
    answers_changed = (target.match_id if target else None) != cur_answers or (
        target is not None and target.match_id is None
    )
    return (
        cur_language != row.language
        or cur_paragraphs != row.paragraphs
        or current_primary != row.primary_id
        or plan.current_categories.get(row.match_id, set()) != set(row.category_ids)
        or answers_changed
    )


def plan_findings(
    parsed: list[FindingRow], refs: dict[tuple[int, str], FindingRow], result: ImportResult
) -> FindingsPlan:
    """Step 4, plan: match each row to an existing finding of its review with the same content key
    (in order); fills the result's counts and preview."""
    from irm.findings.imports.common import PREVIEW_LIMIT

    plan = FindingsPlan(parsed=parsed, refs=refs, review_ids={row.review_id for row in parsed})
    pool = _existing(plan)
    for row in parsed:
        row.key = content_key(row.type, row.chapter_number, row.article_numbers, row.text)
        candidates = pool.get((row.review_id, row.key))
        if candidates:
            row.match_id = candidates.pop(0)
    # answers after matching: the id the challenge has (or will have)
    for row in parsed:
        if row.match_id is None:
            plan.to_create.append(row)
            action = "create"
        elif _changed(plan, row):
            plan.to_update.append(row)
            action = "update"
        else:
            result.unchanged += 1
            continue
        if len(result.changes) < PREVIEW_LIMIT:
            result.changes.append(
                {"row": row.row, "action": action, "type": row.type, "text": row.text[:120]}
            )
    result.created = len(plan.to_create)
    result.updated = len(plan.to_update)
    return plan


def apply_findings(
    *, actor: Any, content: bytes, result: ImportResult, plan: FindingsPlan, progress: Progress = _noop
) -> ImportBatch:
    """Step 5, apply: the one write transaction — versions of frozen findings, inserts, updates, links,
    the batch and its audit event. Nothing is parsed or matched in here."""
    with transaction.atomic():
        _keep_versions(actor, result.file, plan.to_update, plan.frozen, plan.current, plan.current_categories)
        _apply_findings(actor, plan.parsed, plan.to_create, plan.to_update, plan.refs, progress)
        return record_batch(
            actor=actor,
            kind=ImportBatch.Kind.FINDINGS,
            result=result,
            content=content,
            after={"reviews": sorted(plan.review_ids)},
        )


def import_findings(
    *, actor: Any, content: bytes, filename: str, dry_run: bool = False, progress: Progress = _noop
) -> ImportResult:
    """Create or update findings, matched within each review by type, chapter, articles and text."""
    result = ImportResult(kind="findings", file=filename)
    table, result.errors = read(content, filename, required=FINDING_COLUMNS, kind="findings")
    result.rows = len(table.rows)
    if result.errors:
        return result
    parsed, refs, result.errors = validate_findings(resolve_findings(table, progress=progress), filename)
    if result.errors:
        return result
    plan = plan_findings(parsed, refs, result)
    if dry_run:
        return result
    batch = apply_findings(actor=actor, content=content, result=result, plan=plan, progress=progress)
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
        if r.match_id is None:
            raise RuntimeError("expected r.match_id is not None")
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
        findings_written.send(
            sender=Finding,
            review_ids={r.review_id for r in to_update},
            types={str(r.type) for r in to_update},
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
