"""Exports in the columns of the imports: import → export → import gives identical data."""

from __future__ import annotations

from collections import defaultdict

from irm.core.exceptions import NotFound
from irm.core.tabular import write_table
from irm.cycles.models import Cycle
from irm.findings.imports import (
    FINDING_COLUMNS,
    FINDING_OPTIONAL,
    MILESTONE_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_OPTIONAL,
)
from irm.findings.models import TYPE_ORDER, Finding, FindingType
from irm.reviews.models import DirectDialogue, Milestone, Review

FINDING_EXPORT_COLUMNS = FINDING_COLUMNS + FINDING_OPTIONAL
REVIEW_EXPORT_COLUMNS = REVIEW_COLUMNS + REVIEW_OPTIONAL
_TYPE_RANK = {t.value: i for i, t in enumerate(TYPE_ORDER)}


def _cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise NotFound(f"No cycle {number}.")
    return cycle


def finding_rows(cycle_number: int) -> list[list[str]]:
    """The findings of a cycle, by State (ISO3), chapter, type and creation order."""
    cycle = _cycle(cycle_number)
    findings = list(
        Finding.objects.filter(review__cycle=cycle).values_list(
            "pk",
            "review__state__iso3",
            "type",
            "chapter__number",
            "text",
            "language",
            "primary_category__code",
            "paragraphs",
            "answers_id",
        )
    )
    ids = [f[0] for f in findings]
    article_numbers: dict[int, list[int]] = defaultdict(list)
    category_codes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if ids:
        for finding_id, number in (
            Finding.articles.through.objects.filter(finding__review__cycle=cycle)
            .values_list("finding_id", "article__number")
            .iterator(chunk_size=5000)
        ):
            article_numbers[finding_id].append(number)
        for finding_id, order, code in (
            Finding.categories.through.objects.filter(finding__review__cycle=cycle)
            .values_list("finding_id", "tacategory__order", "tacategory__code")
            .iterator(chunk_size=5000)
        ):
            category_codes[finding_id].append((order, code))
    findings.sort(key=lambda f: (f[1], f[3] or 0, _TYPE_RANK.get(f[2], 9), f[0]))
    answered = {f[8] for f in findings if f[8]}
    refs: dict[int, str] = {}
    counters: dict[str, int] = defaultdict(int)
    for f in findings:
        if f[0] in answered:
            counters[f[1]] += 1
            refs[f[0]] = f"c{counters[f[1]]}"
    rows = []
    for pk, iso3, type, chapter, text, language, primary, paragraphs, answers_id in findings:
        rows.append(
            [
                str(cycle.number),
                iso3,
                type,
                str(chapter) if chapter else "",
                ";".join(str(n) for n in sorted(article_numbers.get(pk, []))),
                ";".join(code for _, code in sorted(category_codes.get(pk, []))),
                text,
                language,
                primary or "",
                paragraphs,
                refs.get(pk, ""),
                refs.get(answers_id, "") if type == FindingType.RECOMMENDATION and answers_id else "",
            ]
        )
    return rows


def export_findings(*, cycle_number: int, fmt: str) -> bytes:
    return write_table(FINDING_EXPORT_COLUMNS, finding_rows(cycle_number), fmt)


def review_rows(cycle_number: int) -> list[list[str]]:
    cycle = _cycle(cycle_number)
    reviews = list(
        Review.objects.filter(cycle=cycle)
        .select_related("state", "reviewer_1", "reviewer_2")
        .order_by("state__iso3")
    )
    done = {
        (m.review_id, m.stage): m.done_on
        for m in Milestone.objects.filter(review__cycle=cycle, done_on__isnull=False)
    }
    dialogues = {d.review_id: d for d in DirectDialogue.objects.filter(review__cycle=cycle)}
    rows = []
    for r in reviews:
        dates = {c: done.get((r.pk, stage)) for c, stage in MILESTONE_COLUMNS.items()}
        dialogue = dialogues.get(r.pk)
        values = {
            "cycle": str(cycle.number),
            "state": r.state.iso3,
            "review_year": str(r.year or ""),
            "reviewer_1": r.reviewer_1.iso3 if r.reviewer_1 else "",
            "reviewer_2": r.reviewer_2.iso3 if r.reviewer_2 else "",
            "stage": r.stage,
            "direct_dialogue_type": dialogue.kind if dialogue else "",
            **{c: d.isoformat() if d else "" for c, d in dates.items()},
        }
        rows.append([values[c] for c in REVIEW_EXPORT_COLUMNS])
    return rows


def export_reviews(*, cycle_number: int, fmt: str) -> bytes:
    return write_table(REVIEW_EXPORT_COLUMNS, review_rows(cycle_number), fmt)
