"""Reads of the technical-assistance register: each need's status and the report (issue 20 §6–8).

A need's status as at a date is derived from its links to validated activities (NEED_RULES, also in
docs/apps/assistance.md). Every figure is computed from a handful of aggregated queries: needs per
review and per category/article come from GROUP BY queries over the findings tables; only the links of
validated activities (a few per addressed need) are read row by row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from irm.assistance.models import Activity, ActivityNeed, ActivityStatus, Coverage, NeedStatus, ProviderKind
from irm.convention.models import Article
from irm.cycles.models import TACategory
from irm.findings.models import Finding, FindingType
from irm.parties.models import RegionalGroup, State
from irm.reviews.models import Milestone, Review, Stage

FindingArticle = Finding.articles.through
FindingCategory = Finding.categories.through

NEED_RULES = [
    _(
        "Only activities validated by the secretariat count; planned and cancelled activities address no need."
    ),
    _(
        "A need is met when an activity linked to it as answering it fully was delivered by the date "
        "(status delivered, and its end date — or its start date when it has no end date — on or before the date)."
    ),
    _(
        "A need is partly met when it is not met but an activity linked to it was delivered by the date "
        "answering it in part, or is under way (status ongoing, or delivered later than the date, and "
        "started on or before it; an activity without dates counts at any date)."
    ),
    _("Every other need is unmet: met + partly met + unmet = needs."),
    _(
        "The needs are the technical-assistance needs of the reviews whose executive summary was "
        "completed on or before the date, as in the TA-needs analysis, within what the reader may see."
    ),
    _(
        "By category and by article a need counts under each of its categories and articles; by provider, "
        "once under each provider whose counted activity is linked to it."
    ),
]


def counted_q(as_of: date, prefix: str = "") -> Q:
    """Links (or activities, with prefix="") that address a need as at `as_of`: met or partly met."""
    p = prefix
    started = (
        Q(**{f"{p}starts_on__lte": as_of})
        | Q(**{f"{p}starts_on__isnull": True, f"{p}ends_on__lte": as_of})
        | Q(**{f"{p}starts_on__isnull": True, f"{p}ends_on__isnull": True})
    )
    return (
        Q(**{f"{p}validated_at__isnull": False})
        & Q(**{f"{p}status__in": [ActivityStatus.ONGOING, ActivityStatus.DELIVERED]})
        & started
    )


@dataclass(frozen=True)
class Link:
    need_id: int
    review_id: int
    activity_id: int
    status: str
    coverage: str
    starts_on: date | None
    ends_on: date | None
    provider: str  # "state:<iso3>" or "<kind>:<name>"

    def delivered_by(self, as_of: date) -> bool:
        end = self.ends_on or self.starts_on
        return self.status == ActivityStatus.DELIVERED and end is not None and end <= as_of

    def started_by(self, as_of: date) -> bool:
        start = self.starts_on or self.ends_on
        return self.status in (ActivityStatus.ONGOING, ActivityStatus.DELIVERED) and (
            start is None or start <= as_of
        )


def need_status(links: list[Link], as_of: date) -> str:
    """met / partly_met / unmet of one need from its links (NEED_RULES)."""
    if any(link.delivered_by(as_of) and link.coverage == Coverage.FULL for link in links):
        return NeedStatus.MET
    if any(link.started_by(as_of) for link in links):
        return NeedStatus.PARTLY_MET
    return NeedStatus.UNMET


def links_of(review_ids: list[int], as_of: date) -> dict[int, list[Link]]:
    """The counted links of the needs of these reviews, by need."""
    rows = (
        ActivityNeed.objects.filter(counted_q(as_of, "activity__"), need__review_id__in=review_ids)
        .order_by()
        .values_list(
            "need_id",
            "need__review_id",
            "activity_id",
            "activity__status",
            "coverage",
            "activity__starts_on",
            "activity__ends_on",
            "activity__provider_kind",
            "activity__provider_state__iso3",
            "activity__provider_name",
        )
    )
    found: dict[int, list[Link]] = defaultdict(list)
    for need, review, activity, status, coverage, starts, ends, kind, iso3, name in rows:
        provider = f"state:{iso3}" if kind == ProviderKind.STATE else f"{kind}:{name}"
        found[need].append(Link(need, review, activity, status, coverage, starts, ends, provider))
    return found


def statuses(review_ids: list[int], as_of: date) -> dict[int, str]:
    """need id → met / partly_met for the addressed needs of these reviews (the others are unmet)."""
    return {need: need_status(links, as_of) for need, links in links_of(review_ids, as_of).items()}


def status_of_need(need: Finding, as_of: date) -> str:
    return statuses([need.review_id], as_of).get(need.pk, NeedStatus.UNMET)


# --- what the TA-needs analysis shows beside its figures -----------------------------------------------


def addressed_rows(
    review_ids: list[int], as_of: date, *, primary: bool = False
) -> dict[str, list[tuple[int, int, int]]]:
    """Per review, the needs addressed (met or partly met) as at `as_of`: in total and under each chapter,
    article and category — the dimensions of the analysis, in one SQL statement (UNION ALL of
    aggregated selects over the links of validated activities).

    Returns dimension → [(review id, key, addressed needs)], the shape of `irm.analysis.counting.Rows`.
    """
    links = ActivityNeed.objects.filter(
        counted_q(as_of, "activity__"), need__review_id__in=review_ids
    ).order_by()

    def part(dimension: str, qs: QuerySet[ActivityNeed], key: Any) -> QuerySet[Any]:
        parts: QuerySet[Any] = (
            qs.annotate(dim=Value(dimension), k=key)
            .values_list("dim", "need__review_id", "k")
            .annotate(n=Count("need_id", distinct=True))
        )
        return parts

    zero = Value(0, output_field=BigIntegerField())
    own_chapter = part("chapter", links.filter(need__chapter_id__isnull=False), F("need__chapter_id"))
    other_chapter = part(
        "chapter",
        links.filter(
            Q(need__articles__isnull=False, need__chapter_id__isnull=True)
            | Q(need__articles__chapter_id__lt=F("need__chapter_id"))
            | Q(need__articles__chapter_id__gt=F("need__chapter_id"))
        ),
        F("need__articles__chapter_id"),
    )
    if primary:
        first = (
            FindingCategory.objects.filter(finding_id=OuterRef("need_id"))
            .order_by("tacategory__order", "tacategory_id")
            .values("tacategory_id")[:1]
        )
        key = Coalesce(F("need__primary_category_id"), Subquery(first), output_field=BigIntegerField())
        category = part("primary", links.annotate(primary=key).filter(primary__isnull=False), F("primary"))
    else:
        category = part("category", links.filter(need__categories__isnull=False), F("need__categories__id"))
    query = (
        part("total", links, zero)
        .union(
            own_chapter,
            other_chapter,
            part("article", links.filter(need__articles__isnull=False), F("need__articles__id")),
            category,
            all=True,
        )
        .order_by()
    )
    rows: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for dimension, review_id, key, n in query:
        rows[dimension].append((review_id, key, n))
    return rows


# --- the report ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedReview:
    review_id: int
    state_id: int
    cycle: int
    completed_on: date


def counted_reviews(*, cycle: int | None, as_of: date, scope: QuerySet[Review] | None) -> list[CountedReview]:
    """Reviews whose executive summary was completed on or before `as_of` (the analysis's rule)."""
    milestones = Milestone.objects.filter(
        stage=Stage.SUMMARY_AGREED, done_on__isnull=False, done_on__lte=as_of
    )
    if cycle is not None:
        milestones = milestones.filter(review__cycle__number=cycle)
    if scope is not None:
        milestones = milestones.filter(review_id__in=scope.values("pk"))
    rows = milestones.values_list("review_id", "review__state_id", "review__cycle__number", "done_on")
    return [CountedReview(r, s, c, d) for r, s, c, d in rows if d is not None]


def _tally(total: int, status_counts: dict[str, int]) -> dict[str, int]:
    met, partly = status_counts.get(NeedStatus.MET, 0), status_counts.get(NeedStatus.PARTLY_MET, 0)
    return {"needs": total, "met": met, "partly_met": partly, "unmet": total - met - partly}


def _by_key(totals: dict[Any, int], statuses_by_key: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    return {key: _tally(n, statuses_by_key.get(key, {})) for key, n in totals.items()}


def report(
    *, cycle: int | None, as_of: date, scope: QuerySet[Review] | None = None, funding: bool = False
) -> dict[str, Any]:
    """The assistance report (the JSON of `irm assistance report`; shapes in docs/apps/assistance.md)."""
    reviews = counted_reviews(cycle=cycle, as_of=as_of, scope=scope)
    review_ids = [r.review_id for r in reviews]
    per_review = dict(
        Finding.objects.filter(type=FindingType.TA_NEED, review_id__in=review_ids)
        .order_by()
        .values_list("review_id")
        .annotate(n=Count("id"))
    )
    links = links_of(review_ids, as_of)
    status = {need: need_status(found, as_of) for need, found in links.items()}
    review_of_need = {need: found[0].review_id for need, found in links.items()}
    review_info = {r.review_id: r for r in reviews}
    states = {s.pk: s for s in State.objects.filter(pk__in={r.state_id for r in reviews})}

    def count(keys_of_need: dict[int, list[Any]]) -> dict[Any, dict[str, int]]:
        out: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for need, need_state in status.items():
            for key in keys_of_need.get(need, []):
                out[key][need_state] += 1
        return out

    # By State and region: from the per-review totals.
    state_totals: dict[int, int] = defaultdict(int)
    for r in reviews:
        state_totals[r.state_id] += per_review.get(r.review_id, 0)
    state_status = count({n: [review_info[r].state_id] for n, r in review_of_need.items()})
    by_state: list[dict[str, Any]] = [
        {"state": states[s].iso3, "name": states[s].name, "region": states[s].regional_group, **row}
        for s, row in _by_key(state_totals, state_status).items()
        if row["needs"]
    ]
    by_state.sort(key=lambda row: (-int(row["unmet"]), str(row["name"])))
    region_totals: dict[str, int] = defaultdict(int)
    for s, n in state_totals.items():
        region_totals[states[s].regional_group] += n
    region_status = count(
        {n: [states[review_info[r].state_id].regional_group] for n, r in review_of_need.items()}
    )
    by_region = [
        {"region": region, "label": str(RegionalGroup(region).label), **row}
        for region, row in sorted(_by_key(region_totals, region_status).items())
    ]

    # By category and article: needs from GROUP BY over the through tables, statuses of the addressed ones.
    category_totals = dict(
        FindingCategory.objects.filter(finding__type=FindingType.TA_NEED, finding__review_id__in=review_ids)
        .order_by()
        .values_list("tacategory_id")
        .annotate(n=Count("id"))
    )
    need_categories: dict[int, list[Any]] = defaultdict(list)
    for need, category in FindingCategory.objects.filter(finding_id__in=list(status)).values_list(
        "finding_id", "tacategory_id"
    ):
        need_categories[need].append(category)
    categories = {
        c.pk: c for c in TACategory.objects.filter(pk__in=list(category_totals)).select_related("cycle")
    }
    by_category: list[dict[str, Any]] = [
        {
            "category": categories[c].code,
            "cycle": categories[c].cycle.number,
            "name": categories[c].name,
            **row,
        }
        for c, row in _by_key(category_totals, count(need_categories)).items()
    ]
    by_category.sort(key=lambda row: (int(row["cycle"]), -int(row["needs"]), str(row["category"])))
    article_totals = dict(
        FindingArticle.objects.filter(finding__type=FindingType.TA_NEED, finding__review_id__in=review_ids)
        .order_by()
        .values_list("article_id")
        .annotate(n=Count("id"))
    )
    need_articles: dict[int, list[Any]] = defaultdict(list)
    for need, article in FindingArticle.objects.filter(finding_id__in=list(status)).values_list(
        "finding_id", "article_id"
    ):
        need_articles[need].append(article)
    numbers = dict(Article.objects.filter(pk__in=list(article_totals)).values_list("pk", "number"))
    by_article = sorted(
        ({"article": numbers[a], **row} for a, row in _by_key(article_totals, count(need_articles)).items()),
        key=lambda row: row["article"],
    )

    needs_total = sum(per_review.values())
    totals = _tally(needs_total, count({n: ["all"] for n in status}).get("all", {}))
    return {
        "cycle": cycle,
        "as_of": as_of.isoformat(),
        **totals,
        "by_category": by_category,
        "by_provider": _by_provider(links, status, as_of, funding=funding),
        "by_state": by_state,
        "by_region": by_region,
        "by_article": by_article,
        "over_time": _over_time(reviews, per_review, links, as_of),
        "rules": [str(rule) for rule in NEED_RULES],
    }


def _by_provider(
    links: dict[int, list[Link]], status: dict[int, str], as_of: date, *, funding: bool
) -> list[dict[str, Any]]:
    """Delivery by provider: validated activities under way or delivered by the date, and the needs they address."""
    activities = Activity.objects.filter(counted_q(as_of)).order_by()
    rows: dict[str, dict[str, Any]] = {}
    names = {s.pk: s.name for s in State.objects.filter(pk__in=activities.values("provider_state_id"))}
    for kind, iso3, name, state_id, delivered, n in activities.values_list(
        "provider_kind", "provider_state__iso3", "provider_name", "provider_state_id"
    ).annotate(
        delivered=Count(
            "id",
            filter=Q(status=ActivityStatus.DELIVERED)
            & (Q(ends_on__lte=as_of) | Q(ends_on__isnull=True, starts_on__lte=as_of)),
        ),
        n=Count("id"),
    ):
        key = f"state:{iso3}" if kind == ProviderKind.STATE else f"{kind}:{name}"
        rows[key] = {
            "provider": iso3 if kind == ProviderKind.STATE else name,
            "kind": kind,
            "label": names.get(state_id, "") if state_id else name,
            "activities": n,
            "delivered": delivered,
            "needs_met": 0,
            "needs_partly_met": 0,
        }
    for need, found in links.items():
        for provider in {link.provider for link in found}:
            if provider in rows:
                rows[provider]["needs_met" if status[need] == NeedStatus.MET else "needs_partly_met"] += 1
    if funding:
        for key in rows:
            rows[key]["funding"] = {}
        for kind, iso3, name, currency, total in (
            activities.filter(amount__isnull=False)
            .values_list("provider_kind", "provider_state__iso3", "provider_name", "currency")
            .annotate(total=Sum("amount"))
        ):
            key = f"state:{iso3}" if kind == ProviderKind.STATE else f"{kind}:{name}"
            rows[key]["funding"][currency] = str(Decimal(total or 0).quantize(Decimal("0.01")))
    return sorted(rows.values(), key=lambda row: (-row["delivered"], -row["activities"], row["label"]))


def _over_time(
    reviews: list[CountedReview], per_review: dict[int, int], links: dict[int, list[Link]], as_of: date
) -> list[dict[str, Any]]:
    """Needs identified (executive summaries completed) against needs addressed, at the end of each year."""
    if not reviews:
        return []
    out = []
    for year in range(min(r.completed_on.year for r in reviews), as_of.year + 1):
        day = min(date(year, 12, 31), as_of)
        done = {r.review_id for r in reviews if r.completed_on <= day}
        counted = {
            need: need_status(found, day) for need, found in links.items() if found[0].review_id in done
        }
        out.append(
            {
                "year": year,
                "identified": sum(per_review.get(r, 0) for r in done),
                "met": sum(1 for s in counted.values() if s == NeedStatus.MET),
                "partly_met": sum(1 for s in counted.values() if s == NeedStatus.PARTLY_MET),
            }
        )
    return out


def activities_for(
    user_scope: QuerySet[Activity], *, state: State | None = None, status: str = ""
) -> QuerySet[Activity]:
    qs = user_scope.select_related("beneficiary", "provider_state").annotate(linked=Count("links"))
    if state is not None:
        qs = qs.filter(beneficiary=state)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("starts_on").desc(nulls_last=True), "id")
