"""Published findings as rows: the columns of every download (search exports, API CSV, bulk files)
and their data dictionary.

Rows are built only from `irm.findings.selectors.published_findings()`; a search export first asks
the search for the ids (which the search already restricts to the published set).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from irm.core import tabular
from irm.findings.models import Finding, ReviewOutcome, TranslationKind
from irm.findings.selectors import UN_LANGUAGES, published_findings
from irm.themes.models import TagKind
from irm.themes.selectors import confirmed_tags

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: Promise
    example: str


COLUMNS = [
    Column("id", "integer", _("Identifier of the finding on this platform (stable)."), "10234"),
    Column("url", "URL", _("Permanent address of the finding's page."), "https://…/public/findings/10234/"),
    Column("state", "ISO 3166-1 alpha-3", _("State party under review (EUU: the European Union)."), "KEN"),
    Column("state_name", "text", _("Name of the State party in English."), "Kenya"),
    Column(
        "regional_group",
        "code",
        _("Regional group of the State (AFRICA, ASIA_PACIFIC, EEG, GRULAC, WEOG, NONE)."),
        "AFRICA",
    ),
    Column("cycle", "integer", _("Review cycle (1: chapters III and IV; 2: chapters II and V)."), "2"),
    Column("review_year", "integer", _("Year of the cycle in which the State was reviewed (1–5)."), "1"),
    Column(
        "published_on",
        "date (ISO 8601)",
        _("Date the executive summary (or, with consent, the country report) was published."),
        "2023-04-01",
    ),
    Column(
        "document",
        "UN symbol",
        _("Symbol of the executive summary the finding comes from."),
        "CAC/COSP/IRG/II/1/1/Add.1",
    ),
    Column(
        "type",
        "code",
        _("observation, good_practice, challenge, recommendation or ta_need (technical-assistance need)."),
        "recommendation",
    ),
    Column("chapter", "integer", _("Chapter of the Convention."), "2"),
    Column("articles", "list (;)", _("Articles of the Convention (empty: the chapter in general)."), "5;6"),
    Column(
        "categories",
        "list (;)",
        _("Technical-assistance need categories of the cycle (needs only)."),
        "capacity_building",
    ),
    Column(
        "themes",
        "list (;)",
        _("Themes confirmed by the secretariat (SDG 16 targets, thematic areas)."),
        "sdg_16_5;whistleblower_protection",
    ),
    Column("answers", "integer", _("For a recommendation: the id of the challenge it answers."), "10233"),
    Column("language", "code", _("Language the finding was written in (ar, zh, en, fr, ru, es)."), "en"),
    Column("text", "text", _("Text of the finding in its original language."), "It is recommended that …"),
    *[
        Column(
            f"text_{lang}",
            "text",
            _("Text in this language (original or translation), when there is one."),
            "",
        )
        for lang in UN_LANGUAGES
    ],
    Column(
        "machine_translated",
        "list (;)",
        _("Languages whose text is an unreviewed machine translation."),
        "zh",
    ),
]
HEADER = [c.name for c in COLUMNS]


def dictionary() -> list[dict[str, str]]:
    return [
        {"column": c.name, "type": c.kind, "description": str(c.description), "example": c.example}
        for c in COLUMNS
    ]


def _url(finding_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:finding", args=[finding_id])


def _rows(findings: list[Finding], published_on: dict[int, Any]) -> Iterator[dict[str, Any]]:
    tags = confirmed_tags([f.pk for f in findings])
    symbols = dict(
        ReviewOutcome.objects.filter(review_id__in={f.review_id for f in findings}).values_list(
            "review_id", "symbol"
        )
    )
    for f in findings:
        review, state = f.review, f.review.state
        texts = {f.language: f.text} | {
            t.language: t.text for t in f.translations.all() if t.language != f.language
        }
        machine = sorted(
            t.language for t in f.translations.all() if t.kind == TranslationKind.MACHINE and not t.reviewed
        )
        finding_tags = tags.get(f.pk, {})
        articles = sorted(
            {a.number for a in f.articles.all()} | {int(c) for c in finding_tags.get(TagKind.ARTICLE, ())}
        )
        categories = sorted(
            {c.code for c in f.categories.all()} | set(finding_tags.get(TagKind.CATEGORY, ()))
        )
        day = published_on.get(review.pk)
        yield {
            "id": f.pk,
            "url": _url(f.pk),
            "state": state.iso3,
            "state_name": state.name_en,
            "regional_group": state.regional_group,
            "cycle": review.cycle.number,
            "review_year": review.year or "",
            "published_on": day.isoformat() if day else "",
            "document": symbols.get(review.pk, ""),
            "type": f.type,
            "chapter": f.chapter.number if f.chapter else "",
            "articles": ";".join(str(n) for n in articles),
            "categories": ";".join(categories),
            "themes": ";".join(sorted(finding_tags.get(TagKind.THEME, ()))),
            "answers": f.answers_id or "",
            "language": f.language,
            "text": f.text,
            **{f"text_{lang}": texts.get(lang, "") for lang in UN_LANGUAGES},
            "machine_translated": ";".join(machine),
        }


def _with_relations(findings: Any) -> Any:
    return findings.select_related("review__state", "review__cycle", "chapter").prefetch_related(
        "articles", "categories", "translations"
    )


def rows_for(ids: list[int]) -> Iterator[dict[str, Any]]:
    """The rows of these findings, in this order (only those in the published set)."""
    from irm.public.indexing import publication_dates

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = {f.pk: f for f in _with_relations(published_findings().filter(pk__in=chunk))}
        ordered = [found[i] for i in chunk if i in found]
        yield from _rows(ordered, publication_dates({f.review_id for f in ordered}))


def published_rows(review_ids: set[int]) -> Iterator[dict[str, Any]]:
    """Every finding of the published set (bulk download), by State, cycle, chapter, type and id."""
    from irm.public.indexing import publication_dates

    published_on = publication_dates(review_ids)
    ids = list(
        published_findings()
        .filter(review_id__in=review_ids)
        .order_by("review__state__iso3", "review__cycle__number", "chapter__number", "type", "pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = {f.pk: f for f in _with_relations(published_findings().filter(pk__in=chunk))}
        yield from _rows([found[i] for i in chunk if i in found], published_on)


# --- writing (through the one formula-safe writer) ------------------------------------------------


def render(rows: Iterable[dict[str, Any]], fmt: str, *, query: dict[str, Any]) -> bytes:
    """CSV, XLSX (a second sheet holds the data dictionary) or JSON (with the dictionary and the query)."""
    if fmt == "json":
        items = list(rows)
        payload = {
            "generated_at": timezone.now().isoformat(),
            "query": query,
            "count": len(items),
            "dictionary": dictionary(),
            "items": items,
        }
        return json.dumps(payload, ensure_ascii=False, indent=1).encode()
    table = ([row[c] for c in HEADER] for row in rows)
    if fmt == "csv":
        return tabular.write_csv(HEADER, table, bom=True).encode("utf-8")  # the BOM: spreadsheets read UTF-8
    notes = [[e["column"], e["type"], e["description"], e["example"]] for e in dictionary()]
    return tabular.write_xlsx(
        [
            tabular.SheetOut("findings", HEADER, table, freeze_header=True),
            tabular.SheetOut("dictionary", ["column", "type", "description", "example"], notes),
        ]
    )


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
