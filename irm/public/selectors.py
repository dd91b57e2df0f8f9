"""Reads of the public record: the findings search, one finding, an executive summary as a page.

Every read starts from the published set (`irm.findings.selectors.published_findings` /
`published_reviews`); the search passes the reviews published *now* to the engine as a requirement,
so what it shows and counts can never exceed the published set, whatever the index holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.core.exceptions import InvalidInput
from irm.core.i18n import LANGUAGE_NAMES, language_suffix, localized
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import TYPE_ORDER, Finding, FindingType
from irm.findings.selectors import UN_LANGUAGES, published_findings
from irm.parties.models import RegionalGroup, State
from irm.public.indexing import FACETS, KIND, publication_dates, published_review_ids
from irm.search import selectors as engine
from irm.search.models import PublicEntry
from irm.search.text import Term, highlight, matched_terms, query_terms
from irm.themes.models import TagKind
from irm.themes.selectors import confirmed_tags, theme_names

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "state": _("State (A–Z)"),
    "article": _("Article"),
}
PER_PAGE = (20, 50, 100)
MAX_PAGE = 500
MAX_VALUES = 50
MAX_VALUE_LENGTH = 40
MAX_EXPORT = 20_000
FACET_LABELS = {
    "state": _("State"),
    "region": _("Regional group"),
    "cycle": _("Cycle"),
    "year": _("Year published"),
    "article": _("Article"),
    "chapter": _("Chapter"),
    "type": _("Type"),
    "category": _("Need category"),
    "theme": _("Theme"),
    "language": _("Language"),
}
#: Facets listed by number of findings (the others in their natural order).
BY_COUNT = {"state", "region", "category", "theme"}


@dataclass
class Params:
    """A search of the public findings: what the URL, the API and the exports take."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE[0]

    @property
    def effective_sort(self) -> str:
        if self.sort == "relevance" and not self.q.strip():
            return "newest"
        return self.sort or ("relevance" if self.q.strip() else "newest")

    def as_dict(self) -> dict[str, Any]:
        return {"q": self.q, **self.filters, "sort": self.effective_sort, "page": self.page}

    def querystring(self, **changes: Any) -> str:
        """The canonical query string (fixed order of keys and values): one URL per search."""
        values: dict[str, Any] = {"q": self.q, **self.filters, "sort": self.sort, "page": self.page}
        values["per_page"] = self.per_page
        values.update(changes)
        pairs: list[tuple[str, str]] = []
        for key in ("q", *FACETS, "sort", "page", "per_page"):
            value = values.get(key)
            if key == "page" and value in (1, None):
                continue
            if key == "per_page" and value in (PER_PAGE[0], None):
                continue
            if isinstance(value, list):
                pairs.extend((key, v) for v in sorted(value))
            elif value not in ("", None):
                pairs.append((key, str(value)))
        return urlencode(pairs)


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise InvalidInput(f"{name}: a whole number, not {raw!r}.", details={"field": name}) from None
    if not low <= value <= high:
        raise InvalidInput(f"{name}: between {low} and {high}.", details={"field": name})
    return value


_NORMALISE = {"state": str.upper, "region": str.upper, "type": str.lower, "language": str.lower}


def parse(data: Mapping[str, Sequence[str]]) -> Params:
    """Params from a query (`data[name]` = the list of values given for `name`; `a,b` also splits)."""

    def first(name: str) -> str | None:
        values = data.get(name) or []
        return values[0] if values else None

    q = (first("q") or "").strip()
    if len(q) > 200:
        raise InvalidInput("q: at most 200 characters.", details={"field": "q"})
    filters: dict[str, list[str]] = {}
    for name in FACETS:
        values = sorted(
            {
                _NORMALISE.get(name, str)(v.strip())
                for raw in data.get(name) or []
                for v in raw.split(",")
                if v.strip()
            }
        )
        if len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_LENGTH for v in values):
            raise InvalidInput(f"{name}: too many or too long values.", details={"field": name})
        if values:
            filters[name] = values
    sort = first("sort") or ""
    if sort and sort not in SORTS:
        raise InvalidInput(f"sort: one of {', '.join(SORTS)}.", details={"field": "sort"})
    per_page = _int("per_page", first("per_page"), PER_PAGE[0], PER_PAGE[0], PER_PAGE[-1])
    if per_page not in PER_PAGE:
        raise InvalidInput(
            f"per_page: one of {', '.join(map(str, PER_PAGE))}.", details={"field": "per_page"}
        )
    page = _int("page", first("page"), 1, 1, MAX_PAGE)
    return Params(q=q, filters=filters, sort=sort, page=page, per_page=per_page)


# --- labels -------------------------------------------------------------------------------------


def state_order(language: str | None = None) -> dict[str, int]:
    names = sorted((localized(s, "name", language).casefold(), s.iso3) for s in State.objects.all())
    return {iso3: i for i, (_, iso3) in enumerate(names)}


def _labels(name: str, values: list[str], language: str | None) -> dict[str, str]:
    if name == "state":
        return {s.iso3: localized(s, "name", language) for s in State.objects.filter(iso3__in=values)}
    if name == "region":
        return {v: str(RegionalGroup(v).label) for v in values if v in RegionalGroup.values}
    if name == "cycle":
        return {str(c.number): localized(c, "name", language) for c in Cycle.objects.all()}
    if name == "article":
        return {
            str(a.number): f"{a.number}. {localized(a, 'title', language)}"
            for a in Article.objects.filter(number__in=[int(v) for v in values if v.isdigit()])
        }
    if name == "chapter":
        return {
            str(c.number): f"{c.roman}. {localized(c, 'title', language)}"
            for c in Chapter.objects.filter(number__in=[int(v) for v in values if v.isdigit()])
        }
    if name == "type":
        return {v: str(FindingType(v).label) for v in values if v in FindingType.values}
    if name == "category":
        labels: dict[str, str] = {}
        for category in TACategory.objects.filter(code__in=values).order_by("cycle__number"):
            labels[category.code] = localized(category, "name", language)  # the latest cycle's name
        return labels
    if name == "theme":
        return theme_names(language)
    if name == "language":
        return {v: str(LANGUAGE_NAMES[v]) for v in values if v in LANGUAGE_NAMES}
    return {}


def _natural_order(name: str, value: str) -> tuple[Any, ...]:
    if name == "type":
        return (next((i for i, t in enumerate(TYPE_ORDER) if t == value), 9),)
    if name == "language":
        return (UN_LANGUAGES.index(value) if value in UN_LANGUAGES else 9,)
    if name == "year":
        return (-int(value) if value.isdigit() else 0,)
    return (0, int(value)) if value.isdigit() else (1, value)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    remove_query: str = ""  # the search without this value (for a chosen one)


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[Option]

    @property
    def selected(self) -> list[Option]:
        return [o for o in self.options if o.selected]


def facet_groups(
    counts: dict[str, list[tuple[str, int]]], params: Params, language: str | None
) -> list[FacetGroup]:
    groups = []
    for name in FACETS:
        found = dict(counts.get(name, []))
        chosen = params.filters.get(name, [])
        for value in chosen:
            found.setdefault(value, 0)  # a chosen value stays on the list, to be unchosen
        labels = _labels(name, list(found), language)
        options = [
            Option(
                v,
                labels.get(v, v),
                n,
                v in chosen,
                params.querystring(**{name: [c for c in chosen if c != v], "page": 1}) if v in chosen else "",
            )
            for v, n in found.items()
        ]
        if name in BY_COUNT:
            options.sort(key=lambda o: (-o.count, o.label.casefold()))
        else:
            options.sort(key=lambda o: _natural_order(name, o.value))
        groups.append(FacetGroup(name, str(FACET_LABELS[name]), options))
    return groups


# --- the search ---------------------------------------------------------------------------------


@dataclass
class Card:
    """A finding as a search result shows it."""

    finding: Finding
    text: SafeString  # highlighted
    plain_text: str
    text_language: str
    languages: list[str]
    themes: list[str]
    published_on: date | None

    @property
    def articles(self) -> list[int]:
        return sorted(a.number for a in self.finding.articles.all())


@dataclass
class SearchPage:
    params: Params
    count: int
    cards: list[Card]
    facets: list[FacetGroup]
    terms: list[Term]

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.count // self.params.per_page)))

    @property
    def first(self) -> int:
        return (self.params.page - 1) * self.params.per_page + 1 if self.count else 0

    @property
    def last(self) -> int:
        return min(self.count, self.params.page * self.params.per_page)


def _sort(params: Params, language: str | None) -> str | list[engine.Sort]:
    sort = params.effective_sort
    if sort == "relevance":
        return engine.RELEVANCE
    names = state_order(language)
    by_state = engine.Sort("state", order=names)
    return {
        "newest": [
            engine.Sort("date", descending=True),
            by_state,
            engine.Sort("article"),
            engine.Sort("type"),
        ],
        "oldest": [engine.Sort("date"), by_state, engine.Sort("article"), engine.Sort("type")],
        "state": [by_state, engine.Sort("article"), engine.Sort("type")],
        "article": [engine.Sort("article"), by_state, engine.Sort("type")],
    }[sort]


def query_for(params: Params, *, language: str | None, offset: int, limit: int | None) -> engine.Query:
    return engine.Query(
        terms=query_terms(params.q),
        filters={name: set(values) for name, values in params.filters.items()},
        required={"review": {str(r) for r in published_review_ids()}},
        sort=_sort(params, language),
        facets=list(FACETS),
        offset=offset,
        limit=limit,
    )


def _texts(finding: Finding) -> dict[str, str]:
    return {finding.language: finding.text} | {
        t.language: t.text for t in finding.translations.all() if t.language != finding.language
    }


def best_text(finding: Finding, terms: list[Term], preferred: list[str]) -> tuple[str, str]:
    """(language, text) to show: the version matching the most query words (the preferred languages,
    then the original, first among equals); without a query, the first preferred language it has."""
    texts = _texts(finding)
    order = list(
        dict.fromkeys([lang for lang in preferred if lang in texts] + [finding.language] + sorted(texts))
    )
    if terms:
        scores = {lang: matched_terms(texts[lang], lang, terms) for lang in order}
        lang = max(order, key=lambda candidate: scores[candidate])  # max keeps the first of equals
        return lang, texts[lang]
    lang = order[0]
    return lang, texts[lang]


def cards_for(ids: list[int], terms: list[Term], preferred: list[str], language: str | None) -> list[Card]:
    found = {
        f.pk: f
        for f in published_findings()
        .filter(pk__in=ids)
        .select_related("review__state", "review__cycle", "chapter")
        .prefetch_related("articles", "categories", "translations")
    }
    findings = [found[i] for i in ids if i in found]
    tags = confirmed_tags([f.pk for f in findings])
    names = theme_names(language)
    published_on = publication_dates({f.review_id for f in findings})
    cards = []
    for finding in findings:
        lang, text = best_text(finding, terms, preferred)
        cards.append(
            Card(
                finding=finding,
                text=highlight(text, lang, terms),
                plain_text=text,
                text_language=lang,
                languages=sorted(
                    _texts(finding), key=lambda x: UN_LANGUAGES.index(x) if x in UN_LANGUAGES else 9
                ),
                themes=[names.get(c, c) for c in sorted(tags.get(finding.pk, {}).get(TagKind.THEME, ()))],
                published_on=published_on.get(finding.review_id),
            )
        )
    return cards


def preferred_languages(params: Params, language: str | None) -> list[str]:
    return [*params.filters.get("language", []), language_suffix(language)]


def search(params: Params, *, language: str | None = None) -> SearchPage:
    """One page of results with the facet counts (anyone: only the published set)."""
    offset = (params.page - 1) * params.per_page
    query = query_for(params, language=language, offset=offset, limit=params.per_page)
    result = engine.search(PublicEntry, KIND, query)
    cards = cards_for(result.object_ids, query.terms, preferred_languages(params, language), language)
    return SearchPage(params, result.count, cards, facet_groups(result.facets, params, language), query.terms)


def all_ids(params: Params, *, language: str | None = None) -> list[int]:
    """Every finding id of a search, in its order (for exports; bounded)."""
    query = query_for(params, language=language, offset=0, limit=None)
    query.facets = []
    ids = engine.search(PublicEntry, KIND, query).object_ids
    if len(ids) > MAX_EXPORT:
        raise InvalidInput(
            f"This search has {len(ids)} findings; a download holds at most {MAX_EXPORT}. "
            "Narrow the search, or take the bulk download of the whole published set.",
            code="export_too_large",
        )
    return ids


# --- one finding, one summary -------------------------------------------------------------------


def published_finding(pk: int) -> Finding | None:
    return (
        published_findings()
        .select_related(
            "review__state", "review__cycle", "review__reviewer_1", "review__reviewer_2", "chapter", "answers"
        )
        .prefetch_related("articles", "categories", "translations", "recommendations")
        .filter(pk=pk)
        .first()
    )
