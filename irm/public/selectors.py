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
from irm.core.audit import content_version
from irm.core.exceptions import InvalidInput
from irm.core.i18n import LANGUAGE_NAMES, language_suffix, localized
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import TYPE_ORDER, Finding, FindingType
from irm.findings.selectors import UN_LANGUAGES, published_findings
from irm.parties.models import RegionalGroup, State
from irm.public.indexing import FACETS, KIND, publication_dates, published_review_ids
from irm.search import facets
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


#: Names of facet values per language: reference data, read again when the content version moves (a
#: corrected name shows at once, also on the public answers cached per content version).
_labels_cache: dict[str, tuple[str, dict[str, dict[str, str]]]] = {}


def forget_labels() -> None:
    _labels_cache.clear()


def labels(language: str | None) -> dict[str, dict[str, str]]:
    """Facet name → value → its name in the language (States, cycles, articles, chapters, categories…)."""
    key = language_suffix(language)
    version = content_version()
    cached = _labels_cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    out: dict[str, dict[str, str]] = {
        "state": {s.iso3: localized(s, "name", language) for s in State.objects.all()},
        "region": {v: str(label) for v, label in RegionalGroup.choices},
        "cycle": {str(c.number): localized(c, "name", language) for c in Cycle.objects.all()},
        "article": {
            str(a.number): f"{a.number}. {localized(a, 'title', language)}" for a in Article.objects.all()
        },
        "chapter": {
            str(c.number): f"{c.roman}. {localized(c, 'title', language)}" for c in Chapter.objects.all()
        },
        "type": {v: str(label) for v, label in FindingType.choices},
        "category": {
            c.code: localized(c, "name", language) for c in TACategory.objects.order_by("cycle__number")
        },  # a code in both cycles: the latest cycle's name
        "theme": theme_names(language),
        "language": {v: str(name) for v, name in LANGUAGE_NAMES.items()},
    }
    _labels_cache[key] = (version, out)
    return out


def state_order(language: str | None = None) -> dict[str, int]:
    names = sorted((name.casefold(), iso3) for iso3, name in labels(language)["state"].items())
    return {iso3: i for i, (_, iso3) in enumerate(names)}


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
        names = labels(language).get(name, {})
        options = [
            Option(
                v,
                names.get(v, v),
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
    themes: list[str]  # names
    published_on: date | None
    articles: list[int]
    categories: list[str]
    theme_codes: list[str]


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


def query_for(
    params: Params, *, language: str | None, offset: int, limit: int | None, published: set[int] | None = None
) -> engine.Query:
    """The engine's query: the user's words, filters and order, restricted to the reviews published now."""
    published = published_review_ids() if published is None else published
    return engine.Query(
        terms=query_terms(params.q),
        filters={name: set(values) for name, values in params.filters.items()},
        required={"review": {str(r) for r in published}},
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
    if terms and len(order) > 1:
        scores = {lang: matched_terms(texts[lang], lang, terms) for lang in order}
        lang = max(order, key=lambda candidate: scores[candidate])  # max keeps the first of equals
        return lang, texts[lang]
    lang = order[0]
    return lang, texts[lang]


def _indexed_values(
    findings: list[Finding],
) -> tuple[dict[int, dict[str, list[str]]], dict[int, dict[str, str]]]:
    """What the index holds for findings shown outside a search (a permalink): read from the database."""
    tags = confirmed_tags([f.pk for f in findings])
    published_on = publication_dates({f.review_id for f in findings})
    values: dict[int, dict[str, list[str]]] = {}
    sort_values: dict[int, dict[str, str]] = {}
    for f in findings:
        own = tags.get(f.pk, {})
        day = published_on.get(f.review_id)
        values[f.pk] = {
            "article": [
                str(n)
                for n in sorted(
                    {a.number for a in f.articles.all()} | {int(c) for c in own.get(TagKind.ARTICLE, ())}
                )
            ],
            "category": sorted({c.code for c in f.categories.all()} | set(own.get(TagKind.CATEGORY, ()))),
            "theme": sorted(own.get(TagKind.THEME, ())),
        }
        sort_values[f.pk] = {"date": day.isoformat() if day else ""}
    return values, sort_values


def cards_for(
    ids: list[int],
    terms: list[Term],
    preferred: list[str],
    language: str | None,
    values: dict[int, dict[str, list[str]]] | None = None,
    sort_values: dict[int, dict[str, str]] | None = None,
    published_reviews: set[int] | None = None,
) -> list[Card]:
    """The findings as results, in this order (only published ones). `values`/`sort_values`: what the
    search returned with the page (articles, categories, themes, date); else read from the database.
    `published_reviews`: the published set's reviews as the search just read them (one read per search)."""
    if not ids:
        return []
    # With the published reviews as the search just read them, the check is done on the rows read
    # (a list of 400 review ids in the query cost more than the page's own rows).
    published = published_findings() if published_reviews is None else Finding.objects.all()
    query = published.filter(pk__in=ids).select_related("review__state", "review__cycle", "chapter")
    if values is None:
        query = query.prefetch_related("articles", "categories", "translations")
    else:
        query = query.prefetch_related("translations")
    found = {f.pk: f for f in query if published_reviews is None or f.review_id in published_reviews}
    findings = [found[i] for i in ids if i in found]
    if values is None or sort_values is None:
        values, sort_values = _indexed_values(findings)
    names = labels(language)["theme"]
    cards = []
    for finding in findings:
        lang, text = best_text(finding, terms, preferred)
        own = values.get(finding.pk, {})
        day = sort_values.get(finding.pk, {}).get("date", "")
        cards.append(
            Card(
                finding=finding,
                text=highlight(text, lang, terms),
                plain_text=text,
                text_language=lang,
                languages=sorted(
                    _texts(finding), key=lambda x: UN_LANGUAGES.index(x) if x in UN_LANGUAGES else 9
                ),
                themes=[names.get(c, c) for c in own.get("theme", [])],
                published_on=date.fromisoformat(day) if day else None,
                articles=sorted(int(n) for n in own.get("article", [])),
                categories=list(own.get("category", [])),
                theme_codes=list(own.get("theme", [])),
            )
        )
    return cards


def preferred_languages(params: Params, language: str | None) -> list[str]:
    return [*params.filters.get("language", []), language_suffix(language)]


def index_generation(request: object = None) -> int:
    """The public index's generation: new at every write of the worker's indexer, which runs after the
    commit of a change (so the content version alone does not say when the search shows it)."""
    return facets.current_generation(PublicEntry, KIND)


def search(params: Params, *, language: str | None = None) -> SearchPage:
    """One page of results with the facet counts (anyone: only the published set)."""
    offset = (params.page - 1) * params.per_page
    published = published_review_ids()
    query = query_for(params, language=language, offset=offset, limit=params.per_page, published=published)
    result = engine.search(PublicEntry, KIND, query)
    cards = cards_for(
        result.object_ids,
        query.terms,
        preferred_languages(params, language),
        language,
        result.values,
        result.sort_values,
        published,
    )
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
