"""public.yaml → irm.findings and irm.themes services: the published findings in several languages
(Chinese among them), confirmed themes; then the search indexes, the bulk files of the public record
and the suggestion model are queued for the worker (`irm serve` runs it).

The translations come from the data file's sentence patterns (the English patterns of findings.yaml,
translated): a finding whose text matches a pattern gets its translation, with the State's name (and,
in Chinese, the article's title) in that language."""

from __future__ import annotations

import random
import re
from functools import partial
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import QuerySet

from irm.convention.models import Article
from irm.core.i18n import localized
from irm.demo.loader import Context, Node
from irm.findings import services as finding_services
from irm.findings.models import Finding, FindingTranslation
from irm.findings.selectors import published_reviews
from irm.findings.services import NewTranslation
from irm.themes import services as theme_services
from irm.themes.models import FindingTag, TagKind, Theme

PLACEHOLDERS = {
    "state": r"(?P<state>.+?)",
    "n": r"(?P<n>\d+)",
    "title": r"(?P<title>.+?)",
    "theme": r"(?P<theme>.+)",
    "i": r"(?P<i>\d+)",
    "chapter": r"(?P<chapter>\d+)",
}
LANGUAGES = ("zh", "fr", "es", "ru", "ar")


def _pattern(template: str) -> re.Pattern[str]:
    escaped = re.escape(template)
    for name, regex in PLACEHOLDERS.items():
        escaped = escaped.replace(re.escape("{" + name + "}"), regex)
    return re.compile(escaped)


def _entries(data: Node, key: str) -> list[dict[str, str]]:
    entries = []
    for row in data.rows(key):
        entries.append({lang: row.text(lang, max_length=500) for lang in ("en", *LANGUAGES)})
    return entries


class Translator:
    """Translates the findings demo's sentences with the data file's patterns."""

    def __init__(self, data: Node, context: Context) -> None:
        templates = _entries(data, "templates")
        themes = _entries(data, "themes")
        self.templates = [(_pattern(t["en"]), t) for t in templates]
        self.themes = {t["en"]: t for t in themes if "{" not in t["en"]}
        self.theme_patterns = [(_pattern(t["en"]), t) for t in themes if "{" in t["en"]]
        self.states = {s.name_en: s for s in context.states.values()}
        self.articles = {a.number: a for a in Article.objects.all()}

    def _values(self, match: re.Match[str], language: str) -> dict[str, str] | None:
        values = dict(match.groupdict())
        if "state" in values:
            state = self.states.get(values["state"])
            if state is None:
                return None
            values["state"] = localized(state, "name", language)
        if "n" in values and "title" in values and int(values["n"]) in self.articles:
            values["title"] = localized(self.articles[int(values["n"])], "title", language)
        if "theme" in values:
            theme = self._theme(values["theme"], language)
            if theme is None:
                return None
            values["theme"] = theme
        return values

    def _theme(self, text: str, language: str) -> str | None:
        if text in self.themes:
            return self.themes[text][language]
        return self._apply(self.theme_patterns, text, language)

    def _apply(
        self, patterns: list[tuple[re.Pattern[str], dict[str, str]]], text: str, language: str
    ) -> str | None:
        for pattern, entry in patterns:
            match = pattern.fullmatch(text)
            if match:
                values = self._values(match, language)
                return None if values is None else entry[language].format(**values)
        return None

    def __call__(self, text: str, language: str) -> str | None:
        return self._apply(self.templates, text, language)


def _languages(by_state: dict[str, list[str]], iso3: str) -> list[str]:
    return ["zh"] + [lang for lang, states in by_state.items() if iso3 in states]


class Published(NamedTuple):
    """What the step needs of a published finding (model instances took a second to build for 7,850)."""

    pk: int
    text: str
    language: str
    iso3: str
    cycle_id: int


def load(context: Context, data: Node) -> str:
    by_state = {
        lang: [str(s) for s in states] for lang, states in data.node("languages_by_state").value.items()
    }
    unknown = sorted(set(by_state) - set(LANGUAGES))
    if unknown:
        raise data.error("languages_by_state", f"unknown languages {unknown}")
    translate = Translator(data, context)
    published = Finding.objects.filter(review__in=published_reviews())
    findings = [
        Published(*row)
        for row in published.order_by("pk").values_list(
            "pk", "text", "language", "review__state__iso3", "review__cycle_id"
        )
    ]
    existing = set(
        FindingTranslation.objects.filter(finding__in=published).values_list("finding_id", "language")
    )
    rows = []
    for finding in findings:
        for language in _languages(by_state, finding.iso3):
            if language == finding.language or (finding.pk, language) in existing:
                continue
            text = translate(finding.text, language)
            if text:
                rows.append(NewTranslation(finding.pk, language, text, reviewed=True))
    translations = finding_services.add_translations(
        actor=None, translations=rows, reason="demo: public.yaml"
    )
    tags = _theme_tags(findings, published, str(data.text("seed")), float(data["holdout_share"]))
    themes = theme_services.record_confirmed_tags(actor=None, rows=tags, reason="demo: public.yaml")
    transaction.on_commit(partial(_queue_work))
    languages = sorted({r.language for r in rows})
    return (
        f"{translations} translations of {len(findings)} published findings ({', '.join(languages)}), "
        f"{themes} confirmed themes; indexes, bulk files and the suggestion model queued for the worker"
    )


def _theme_tags(
    findings: list[Published], published: QuerySet[Finding], seed: str, holdout: float
) -> list[tuple[int, str, str]]:
    by_article: dict[int, list[str]] = {}
    for theme in Theme.objects.all():
        for number in theme.article_numbers:
            by_article.setdefault(number, []).append(theme.code)
    tagged = set(
        FindingTag.objects.filter(finding__in=published, kind=TagKind.THEME).values_list(
            "finding_id", flat=True
        )
    )
    numbers: dict[int, list[int]] = {}
    for finding_id, number in Finding.articles.through.objects.filter(finding__in=published).values_list(
        "finding_id", "article__number"
    ):
        numbers.setdefault(finding_id, []).append(number)
    rows: list[tuple[int, str, str]] = []
    for finding in findings:
        held_out = random.Random(f"{seed}-{finding.iso3}-{finding.cycle_id}").random() < holdout
        if held_out or finding.pk in tagged:
            continue
        codes = {code for number in numbers.get(finding.pk, []) for code in by_article.get(number, [])}
        rows += [(finding.pk, TagKind.THEME, code) for code in sorted(codes)]
    return rows


def _queue_work(*_: Any) -> None:
    from irm.public.tasks import build_bulk_download
    from irm.search.tasks import sync_indexes
    from irm.themes.tasks import train_and_suggest

    sync_indexes.enqueue()
    build_bulk_download.enqueue()
    train_and_suggest.enqueue()
