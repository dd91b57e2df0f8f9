"""Aggregating reads over reviews and findings: the technical-assistance needs analysis (S003) and
the thematic implementation reports and regional supplements (S002 §2, S000 ¶28).

Every count is done by the database with GROUP BY queries over the findings table and the
many-to-many through tables (Finding.articles.through, Finding.categories.through); Python only
adds up a few thousand (review × article/chapter/category) rows. With one review per State and
cycle, "States" are distinct reviews of the cycle.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from irm.analysis import groups
from irm.analysis.counting import FindingArticle, FindingCategory, Rows, count_rows, primary_category
from irm.assistance.selectors import addressed_rows
from irm.convention.models import Article, Chapter
from irm.core.exceptions import InvalidInput, NotFound
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import Finding, FindingType
from irm.parties.models import RegionalGroup, State
from irm.reviews.models import Milestone, Review, Stage

#: The order regions are listed in; NONE (a party without a group) only when it has summaries.
REGIONS = [
    RegionalGroup.AFRICA,
    RegionalGroup.ASIA_PACIFIC,
    RegionalGroup.EEG,
    RegionalGroup.GRULAC,
    RegionalGroup.WEOG,
]
CATEGORY_MODES = ("all", "primary")
CROSS_CUTTING_ARTICLES = (14, 52, 58)

COUNTING_RULES = [
    "Only States whose executive summary was completed on or before the as-of date count; "
    "all their technical-assistance needs count.",
    "A need linked to several articles counts once under each article, and once under each chapter "
    "those articles belong to.",
    "A need of a chapter in general counts under that chapter and in general_needs; those of chapter V also "
    "count under article 51, as the secretariat's note does (S003 ¶35-36, note a to figure VI; "
    "includes_general_needs says how many). The note states no rule for other general needs nor for "
    "needs tied to no article: they count under no article and are listed under separate. A need linked "
    "to neither an article nor a chapter counts only in the totals, by category and by region.",
    "groups: the articles as the note's text groups them (groups_source); a need counts once in a group "
    "however many of its articles it is linked to. Figures stay per article.",
    "Categories: in 'all' mode a need counts under every category it has (shares may add up to more "
    "than 100%); in 'primary' mode only under its primary category (or, when none is marked, its first "
    "category in the cycle's order). Needs without a category count under no category.",
    "'States' in a row is the number of distinct States with at least one need counted in that row.",
    "'addressed' beside a figure of needs: how many of those needs were met or partly met as at the "
    "as-of date (linked to a validated activity, ongoing or delivered, that had started); with a chapter "
    "or category filter, only the figures of that chapter or category carry it.",
    "Shares are fractions of needs_total (or of States with an executive summary for share_of_states), "
    "rounded to 4 decimals.",
]


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass(frozen=True)
class CompletedReview:
    review_id: int
    state_id: int
    iso3: str
    region: str
    completed_on: date


@dataclass(frozen=True)
class NeedsFilter:
    """What to count. `region`, `chapter` and `category` narrow the analysis (dashboard filters)."""

    cycle: int
    as_of: date
    since: date | None = None
    categories: str = "all"
    region: str | None = None
    chapter: int | None = None
    category: str | None = None

    def validate(self) -> None:
        if self.categories not in CATEGORY_MODES:
            raise InvalidInput(f"categories must be 'all' or 'primary', not {self.categories!r}")
        if self.since and self.since > self.as_of:
            raise InvalidInput("since must be on or before as_of")
        if self.region and self.region not in RegionalGroup.values:
            raise InvalidInput(f"unknown region {self.region!r}")


def get_cycle(number: int) -> Cycle:
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise NotFound(f"no review cycle {number}")
    return cycle


def completed_reviews(
    *,
    cycle: int,
    as_of: date,
    region: str | None = None,
    scope: QuerySet[Review] | None = None,
) -> list[CompletedReview]:
    """Reviews of the cycle whose executive summary was completed on or before `as_of`."""
    milestones = Milestone.objects.filter(
        stage=Stage.SUMMARY_AGREED,
        done_on__isnull=False,
        done_on__lte=as_of,
        review__cycle__number=cycle,
    )
    if region:
        milestones = milestones.filter(review__state__regional_group=region)
    if scope is not None:
        milestones = milestones.filter(review_id__in=scope.values("pk"))
    rows = milestones.values_list(
        "review_id", "review__state_id", "review__state__iso3", "review__state__regional_group", "done_on"
    )
    return [CompletedReview(r, s, iso3, region, done) for r, s, iso3, region, done in rows if done]


# --- technical-assistance needs ---------------------------------------------------------------


@dataclass
class _Tally:
    """needs and the set of States per key."""

    needs: dict[Any, int] = field(default_factory=lambda: defaultdict(int))
    states: dict[Any, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, key: Any, state_id: int, n: int) -> None:
        if n:
            self.needs[key] += n
            self.states[key].add(state_id)


def _needs_queryset(f: NeedsFilter, review_ids: list[int], cycle: Cycle) -> tuple[QuerySet[Finding], bool]:
    """The needs counted, and whether need-level filters apply (so through-table queries must use them)."""
    needs = Finding.objects.filter(type=FindingType.TA_NEED, review_id__in=review_ids)
    narrowed = False
    if f.chapter is not None:
        in_chapter = FindingArticle.objects.filter(
            finding_id=OuterRef("pk"), article__chapter__number=f.chapter
        )
        needs = needs.filter(Q(chapter__number=f.chapter) | Exists(in_chapter))
        narrowed = True
    if f.category:
        category = TACategory.objects.filter(cycle=cycle, code=f.category).first()
        if category is None:
            raise InvalidInput(f"no category {f.category!r} in cycle {cycle.number}")
        if f.categories == "primary":
            needs = needs.annotate(primary=primary_category()).filter(primary=category.pk)
        else:
            has = FindingCategory.objects.filter(finding_id=OuterRef("pk"), tacategory_id=category.pk)
            needs = needs.filter(Exists(has))
        narrowed = True
    return needs, narrowed


def cached_count_rows(review_ids: list[int]) -> Rows:
    """The per-review counts of these reviews, from the cache. Reviews without counts (never counted,
    or forgotten by a signal) are counted first by `irm.analysis.services`, the cache's only writer.

    The cache is kept current on every write path (see `irm.analysis.services`), so this reads no
    finding: checking every review's fingerprint here read each need's index entry on every request
    (0.13 s on SQLite, 0.44 s on PostgreSQL at a million needs).
    """
    from irm.analysis import sql
    from irm.analysis.services import refresh_unstamped_need_counts

    refresh_unstamped_need_counts(review_ids=review_ids)
    rows: Rows = defaultdict(list)
    for review_id, dimension, key, n in sql.cached_rows(review_ids):
        rows[dimension].append((review_id, key, n))
    return rows


def ta_needs(
    f: NeedsFilter, *, scope: QuerySet[Review] | None = None, use_cache: bool = True
) -> dict[str, Any]:
    """The technical-assistance needs analysis of one cycle as at a date (the JSON of `ta-needs`)."""
    f.validate()
    cycle = get_cycle(f.cycle)
    reviews = completed_reviews(cycle=f.cycle, as_of=f.as_of, region=f.region, scope=scope)
    state_of = {r.review_id: r.state_id for r in reviews}
    review_ids = list(state_of)
    if use_cache and f.chapter is None and not f.category:
        rows = cached_count_rows(review_ids)
    else:
        needs, narrowed = _needs_queryset(f, review_ids, cycle)
        rows = count_rows(needs, narrowed, review_ids, [f.categories])
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for dimension, entries in rows.items():
        for review_id, key, n in entries:
            tallies[dimension].add(key, state_of[review_id], n)
    per_review = {review_id: n for review_id, _, n in rows.get("total", [])}
    included: dict[int, tuple[int, set[int], int]] = {}
    category_dimension = "primary" if f.categories == "primary" else "category"
    doc = _needs_document(
        f,
        cycle,
        _addressed(f, reviews),
        reviews,
        per_review,
        tallies["chapter"],
        tallies["general"],
        tallies["article"],
        tallies[category_dimension],
        sum(n for _, _, n in rows.get("unlinked", [])),
        included,
    )
    # Added keys (R-A1): the note's groups, and what the note has no rule for, shown separately.
    for row in doc["by_article"]:
        if row["article"] in included:
            row["includes_general_needs"] = included[row["article"]][0]
    general = {chapter: (n, states) for n, states, chapter in included.values()}
    doc["groups"] = groups.groups_document(rows.get("group", []), state_of, general, f.chapter)
    doc["groups_source"] = groups.SOURCE
    unlinked_states = tallies["unlinked"].states.get(0, set())
    doc["separate"] = {
        "general_needs": [r for r in doc["general_needs"] if r["chapter"] not in groups.GENERAL_NEEDS_UNDER],
        "needs_without_chapter_or_article": {
            "needs": doc["needs_without_chapter_or_article"],
            "states": len(unlinked_states),
        },
        "general_needs_counted_under": {
            str(chapter): article for chapter, article in groups.GENERAL_NEEDS_UNDER.items()
        },
        "note": groups.SEPARATE_NOTE,
        "source": groups.GENERAL_NEEDS_SOURCE,
    }
    return doc


def _general_needs_under_articles(
    general: _Tally,
    articles: _Tally,
    article_info: dict[Any, tuple[int, int]],
    chapter_number: dict[Any, int],
) -> dict[int, tuple[int, set[int], int]]:
    """R-A1: the general needs of a chapter that the note counts under an article (those of chapter V
    under article 51) are added to that article's tally. Returns article number → (needs, States,
    chapter number) added."""
    wanted = groups.GENERAL_NEEDS_UNDER
    article_id = {(ch, num): a for a, (num, ch) in article_info.items()}
    added: dict[int, tuple[int, set[int], int]] = {}
    for chapter_id, n in list(general.needs.items()):
        chapter = chapter_number[chapter_id]
        target = article_id.get((chapter, wanted.get(chapter, 0)))
        if target is None or not n:
            continue
        states = set(general.states.get(chapter_id, set()))
        articles.needs[target] += n
        articles.states[target] |= states
        added[wanted[chapter]] = (n, states, chapter)
    return added


def _addressed(f: NeedsFilter, reviews: list[CompletedReview]) -> dict[str, dict[Any, int]]:
    """Beside each figure of needs, how many were addressed (issue 20 §8), from the assistance register
    (`assistance.selectors.addressed_rows`, one statement): dimension → key (chapter, article, category
    id; review id under "review") → needs addressed."""
    rows = addressed_rows([r.review_id for r in reviews], f.as_of, primary=f.categories == "primary")
    by: dict[str, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for name, entries in rows.items():
        for review_id, key, n in entries:
            if name == "total":
                by["review"][review_id] += n
            else:
                by[name][key] += n
    return by


def _needs_document(  # noqa: C901 — one document, each of its parts a few lines
    f: NeedsFilter,
    cycle: Cycle,
    addressed: dict[str, dict[Any, int]],
    reviews: list[CompletedReview],
    per_review: dict[int, int],
    chapters: _Tally,
    general: _Tally,
    articles: _Tally,
    categories: _Tally,
    unlinked: int = 0,
    included: dict[int, tuple[int, set[int], int]] | None = None,
) -> dict[str, Any]:
    total = sum(per_review.values())
    with_needs = [r for r in reviews if per_review.get(r.review_id)]
    chapter_number = dict(Chapter.objects.values_list("id", "number"))
    article_info = {
        a: (num, ch) for a, num, ch in Article.objects.values_list("id", "number", "chapter__number")
    }
    added = _general_needs_under_articles(general, articles, article_info, chapter_number)
    if included is not None:
        included.update(added)
    category_list = list(TACategory.objects.filter(cycle=cycle).order_by("order", "id"))

    def chapter_rows(tally: _Tally) -> list[dict[str, Any]]:
        rows = [
            {
                "chapter": chapter_number[c],
                "needs": n,
                "states": len(tally.states[c]),
                "share": share(n, total),
            }
            for c, n in tally.needs.items()
            if f.chapter is None or chapter_number[c] == f.chapter
        ]
        return sorted(rows, key=lambda r: r["chapter"])

    # Fields are only added, never renamed. With a chapter (category) filter, the register's counts of
    # other dimensions would count needs outside it: only the chapter's and its articles' (the category's)
    # rows carry `addressed`. Needs of a chapter in general are not told apart by the register's counts.
    category_dimension = "primary" if f.categories == "primary" else "category"
    chapter_key = {number: pk for pk, number in chapter_number.items()}

    by_article = sorted(
        (
            {
                "_id": a,
                "article": article_info[a][0],
                "chapter": article_info[a][1],
                "needs": n,
                "states": len(articles.states[a]),
                "share": share(n, total),
            }
            for a, n in articles.needs.items()
            if f.chapter is None or article_info[a][1] == f.chapter
        ),
        key=lambda r: r["article"],
    )
    by_category = [
        {
            "category": c.code,
            "name_en": c.name_en,
            "name_zh": c.name_zh,
            "needs": categories.needs.get(c.pk, 0),
            "states": len(categories.states.get(c.pk, ())),
            "share": share(categories.needs.get(c.pk, 0), total),
        }
        for c in category_list
        if categories.needs.get(c.pk) or not f.category
    ]
    shown_categories = [c for c in category_list if categories.needs.get(c.pk) or not f.category]
    chapter_list = chapter_rows(chapters)

    if not f.category:
        for row in chapter_list:
            row["addressed"] = addressed["chapter"].get(chapter_key[row["chapter"]], 0)
        for row in by_article:
            row["addressed"] = addressed["article"].get(row.pop("_id"), 0)
    if f.chapter is None:
        for row, c in zip(by_category, shown_categories, strict=True):
            row["addressed"] = addressed[category_dimension].get(c.pk, 0)
    if f.chapter is None and not f.category:
        needs_addressed: int | None = sum(addressed["review"].values())
    elif f.chapter is not None and not f.category:
        needs_addressed = addressed["chapter"].get(chapter_key.get(f.chapter), 0)
    elif f.category and f.chapter is None:
        needs_addressed = sum(addressed[category_dimension].get(c.pk, 0) for c in shown_categories)
    else:
        needs_addressed = None
    for row in by_article:
        row.pop("_id", None)

    parties: dict[str, int] = defaultdict(int)
    for region in State.objects.values_list("regional_group", flat=True):
        parties[region] += 1
    by_region = []
    for region in [*REGIONS, RegionalGroup.NONE]:
        in_region = [r for r in reviews if r.region == region]
        if f.region and region != f.region:
            continue
        if region == RegionalGroup.NONE and not in_region:
            continue
        region_needs = sum(per_review.get(r.review_id, 0) for r in in_region)
        by_region.append(
            {
                "region": str(region),
                "states_parties": parties.get(region, 0),
                "states_with_executive_summary": len(in_region),
                "states_with_needs": sum(1 for r in in_region if per_review.get(r.review_id)),
                "needs": region_needs,
                "share_of_states": share(len(in_region), len(reviews)),
                "share_of_needs": share(region_needs, total),
            }
        )
        if f.chapter is None and not f.category:
            by_region[-1]["needs_addressed"] = sum(addressed["review"].get(r.review_id, 0) for r in in_region)

    since = None
    if f.since:
        new = [r for r in reviews if r.completed_on > f.since]
        since = {
            "date": f.since.isoformat(),
            "new_executive_summaries": len(new),
            "new_states_with_needs": sum(1 for r in new if per_review.get(r.review_id)),
            "new_needs": sum(per_review.get(r.review_id, 0) for r in new),
        }

    return {
        "cycle": cycle.number,
        "as_of": f.as_of.isoformat(),
        "categories_mode": f.categories,
        "filters": {"region": f.region, "chapter": f.chapter, "category": f.category},
        "states_with_executive_summary": len(reviews),
        "states_with_needs": len(with_needs),
        "needs_total": total,
        "needs_addressed": needs_addressed,
        "by_chapter": chapter_list,
        "by_article": by_article,
        "general_needs": chapter_rows(general),
        "by_category": by_category,
        "by_region": by_region,
        "since": since,
        "needs_without_chapter_or_article": unlinked,
        "counting_rules": COUNTING_RULES,
    }


# --- thematic implementation reports and regional supplements ----------------------------------

THEMATIC_TYPES = (
    FindingType.CHALLENGE,
    FindingType.RECOMMENDATION,
    FindingType.GOOD_PRACTICE,
    FindingType.TA_NEED,
)
_TYPE_KEYS = {
    FindingType.CHALLENGE: "challenges",
    FindingType.RECOMMENDATION: "recommendations",
    FindingType.GOOD_PRACTICE: "good_practices",
    FindingType.TA_NEED: "needs",
}


def _article_counts(review_ids: list[int], article_filter: Q) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """(article number, type) → findings and → set of States, counted in the database."""
    needs: dict[tuple[int, str], int] = defaultdict(int)
    states: dict[tuple[int, str], set[int]] = defaultdict(set)
    rows = (
        FindingArticle.objects.filter(article_filter)
        .filter(finding__review_id__in=review_ids, finding__type__in=THEMATIC_TYPES)
        .order_by()
        .values_list("article__number", "finding__type", "finding__review__state_id")
        .annotate(n=Count("id"))
    )
    for article, kind, state_id, n in rows:
        needs[(article, kind)] += n
        states[(article, kind)].add(state_id)
    return needs, states


def _thematic_counts(review_ids: list[int], chapter: Chapter) -> dict[str, Any]:
    counts, states = _article_counts(review_ids, Q(article__chapter=chapter))
    article_rows = []
    for article in Article.objects.filter(chapter=chapter).order_by("number"):
        n = article.number
        row: dict[str, Any] = {"article": n}
        for kind, key in _TYPE_KEYS.items():
            row[key] = counts.get((n, kind), 0)
            row[f"{key}_states"] = len(states.get((n, kind), ()))
        row["states_concerned"] = len(
            states.get((n, FindingType.CHALLENGE), set()) | states.get((n, FindingType.RECOMMENDATION), set())
        )
        article_rows.append(row)
    general_rows = dict(
        Finding.objects.filter(review_id__in=review_ids, chapter=chapter, type__in=THEMATIC_TYPES)
        .filter(~Exists(FindingArticle.objects.filter(finding_id=OuterRef("pk"))))
        .order_by()
        .values_list("type")
        .annotate(n=Count("id"))
    )
    general = {key: general_rows.get(kind, 0) for kind, key in _TYPE_KEYS.items()}
    return {"by_article": article_rows, "general": general}


def _cross_cutting(review_ids: list[int]) -> dict[str, Any]:
    """Articles 14, 52 and 58 together: a finding linked to two of them counts once (S000 ¶28)."""
    rows = (
        FindingArticle.objects.filter(
            article__number__in=CROSS_CUTTING_ARTICLES,
            finding__review_id__in=review_ids,
            finding__type__in=THEMATIC_TYPES,
        )
        .order_by()
        .values_list("finding__type", "finding__review__state_id")
        .annotate(n=Count("finding_id", distinct=True))
    )
    totals: dict[str, int] = defaultdict(int)
    states: dict[str, set[int]] = defaultdict(set)
    for kind, state_id, n in rows:
        totals[kind] += n
        states[kind].add(state_id)
    result: dict[str, Any] = {"articles": list(CROSS_CUTTING_ARTICLES)}
    for kind, key in _TYPE_KEYS.items():
        result[key] = totals.get(kind, 0)
        result[f"{key}_states"] = len(states.get(kind, ()))
    counts, per_states = _article_counts(review_ids, Q(article__number__in=CROSS_CUTTING_ARTICLES))
    result["by_article"] = [
        {
            "article": n,
            **{key: counts.get((n, kind), 0) for kind, key in _TYPE_KEYS.items()},
            "challenges_states": len(per_states.get((n, FindingType.CHALLENGE), ())),
        }
        for n in CROSS_CUTTING_ARTICLES
    ]
    return result


def _good_practices(review_ids: list[int], chapter: Chapter, limit: int = 5) -> list[dict[str, Any]]:
    """Per article: the States with good practices and a few of the texts."""
    rows = (
        FindingArticle.objects.filter(
            article__chapter=chapter,
            finding__review_id__in=review_ids,
            finding__type=FindingType.GOOD_PRACTICE,
        )
        .order_by("article__number", "finding__review__state__iso3", "finding_id")
        .values_list("article__number", "finding__review__state__iso3", "finding__text", "finding__language")
    )
    by_article: dict[int, dict[str, Any]] = {}
    for article, iso3, text, language in rows:
        entry = by_article.setdefault(article, {"article": article, "states": [], "examples": []})
        if iso3 not in entry["states"]:
            entry["states"].append(iso3)
        if len(entry["examples"]) < limit:
            entry["examples"].append({"state": iso3, "text": text, "language": language})
    return [by_article[a] for a in sorted(by_article)]


def _challenge_texts(review_ids: list[int], chapter: Chapter) -> list[dict[str, Any]]:
    findings = (
        Finding.objects.filter(review_id__in=review_ids, type=FindingType.CHALLENGE)
        .filter(
            Q(chapter=chapter)
            | Exists(FindingArticle.objects.filter(finding_id=OuterRef("pk"), article__chapter=chapter))
        )
        .order_by("id")
        .values_list("id", "text", "language", "review__state__iso3")
    )
    article_rows = FindingArticle.objects.filter(
        finding__review_id__in=review_ids, finding__type=FindingType.CHALLENGE
    ).values_list("finding_id", "article__number")
    articles_of: dict[int, list[int]] = defaultdict(list)
    for finding_id, number in article_rows:
        articles_of[finding_id].append(number)
    return [
        {"id": i, "text": t, "language": lang, "state": iso3, "articles": sorted(articles_of.get(i, []))}
        for i, t, lang, iso3 in findings
    ]


def thematic(
    *,
    cycle: int,
    chapter: int,
    as_of: date,
    region: str | None = None,
    scope: QuerySet[Review] | None = None,
    themes: int = 10,
) -> dict[str, Any]:
    """The thematic implementation report of a chapter (or its regional supplement, with `region`)."""
    from irm.analysis.themes import METHOD, find_themes

    get_cycle(cycle)
    chapter_obj = Chapter.objects.filter(number=chapter).first()
    if chapter_obj is None:
        raise NotFound(f"no chapter {chapter}")
    if region and region not in RegionalGroup.values:
        raise InvalidInput(f"unknown region {region!r}")
    all_reviews = completed_reviews(cycle=cycle, as_of=as_of, scope=scope)
    reviews = [r for r in all_reviews if not region or r.region == region]
    review_ids = [r.review_id for r in reviews]

    counts = _thematic_counts(review_ids, chapter_obj)
    most = sorted(
        (r for r in counts["by_article"] if r["challenges"]),
        key=lambda r: (-r["challenges"], r["article"]),
    )[:5]
    texts = _challenge_texts(review_ids, chapter_obj)
    document: dict[str, Any] = {
        "cycle": cycle,
        "chapter": chapter,
        "as_of": as_of.isoformat(),
        "region": region,
        "states_with_executive_summary": len(reviews),
        "by_article": counts["by_article"],
        "general": counts["general"],
        "totals": {
            key: sum(r[key] for r in counts["by_article"]) + counts["general"][key]
            for key in _TYPE_KEYS.values()
        },
        "most_challenges": [
            {"article": r["article"], "challenges": r["challenges"], "states": r["challenges_states"]}
            for r in most
        ],
        "cross_cutting": _cross_cutting(review_ids),
        "good_practices": _good_practices(review_ids, chapter_obj),
        "themes": find_themes(texts, limit=themes),
        "themes_method": METHOD,
        "challenges_clustered": len(texts),
    }
    if region:
        whole_ids = [r.review_id for r in all_reviews]
        whole = _thematic_counts(whole_ids, chapter_obj)
        whole_by_article = {r["article"]: r for r in whole["by_article"]}
        comparison = []
        for row in counts["by_article"]:
            w = whole_by_article[row["article"]]
            comparison.append(
                {
                    "article": row["article"],
                    "region_challenges": row["challenges"],
                    "region_states": row["challenges_states"],
                    "region_share_of_states": share(row["challenges_states"], len(reviews)),
                    "whole_challenges": w["challenges"],
                    "whole_states": w["challenges_states"],
                    "whole_share_of_states": share(w["challenges_states"], len(all_reviews)),
                    "region_share_of_challenges": share(row["challenges"], w["challenges"]),
                }
            )
        document["whole"] = {
            "states_with_executive_summary": len(all_reviews),
            "totals": {
                key: sum(r[key] for r in whole["by_article"]) + whole["general"][key]
                for key in _TYPE_KEYS.values()
            },
        }
        document["comparison"] = comparison
    return document
