"""findings.yaml → irm.findings services: the findings of every review whose executive summary is
agreed, drawn per review from a seeded generator in the shape of the published needs analysis (S003);
machine translations of a few; follow-up reports; draft findings in Kenya's live review."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from irm.convention.models import Article
from irm.cycles.models import TACategory
from irm.demo.loader import Context, Node
from irm.findings import services
from irm.findings.imports import FindingRow
from irm.findings.models import Finding, FindingOrigin
from irm.findings.services import PastFollowUp, content_key
from irm.reviews.models import Milestone, Review, Stage

TEXTS = ("observations", "good_practices", "challenges", "recommendations")


@dataclass
class Shape:
    """The data file's numbers, keyed as the code uses them."""

    needs_profile: dict[int, dict[str, tuple[float, float]]]
    category_weights: dict[int, dict[str, float]]
    article_weights: dict[int, dict[int, float]]
    chapter_share: dict[int, dict[int, float]]
    skip_articles: dict[int, list[int]]
    need_themes: dict[int, str]
    texts: dict[str, list[str]]


def _shape(data: Node) -> Shape:
    return Shape(
        needs_profile={c: {g: (p[0], p[1]) for g, p in v.items()} for c, v in data["needs_profile"].items()},
        category_weights=dict(data["category_weights"]),
        article_weights=dict(data["article_weights"]),
        chapter_share=dict(data["chapter_share"]),
        skip_articles=dict(data.get("skip_articles") or {}),
        need_themes=dict(data["need_themes"]),
        texts={key: list(data[key]) for key in TEXTS},
    )


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _poisson_like(rng: random.Random, mean: float) -> int:
    return max(1, round(rng.gammavariate(2.0, mean / 2.0))) if mean > 0 else 0


def load(context: Context, data: Node) -> str:
    shape = _shape(data)
    cycles = {c.number: c for c in (context.cycle(1), context.cycle(2))}
    articles = {a.number: a for a in Article.objects.select_related("chapter")}
    categories = {(c.cycle_id, c.code): c.pk for c in TACategory.objects.filter(cycle__in=cycles.values())}
    agreed: dict[int, date] = {
        review_id: done_on
        for review_id, done_on in Milestone.objects.filter(
            stage=Stage.SUMMARY_AGREED, done_on__isnull=False, review__cycle__in=cycles.values()
        ).values_list("review_id", "done_on")
        if done_on is not None
    }
    reviews = list(
        Review.objects.filter(pk__in=agreed)
        .select_related("cycle", "state")
        .order_by("cycle__number", "state__iso3")
    )
    challenges: list[FindingRow] = []
    others: list[FindingRow] = []
    pairs: list[tuple[FindingRow, FindingRow]] = []
    seed = data.text("seed")
    for review in reviews:
        rng = random.Random(f"{seed}-{review.cycle.number}-{review.state.iso3}")
        for kind, row, challenge in _review_findings(rng, review, articles, categories, shape):
            if kind == "challenge":
                challenges.append(row)
                continue
            others.append(row)
            if challenge is not None:
                pairs.append((row, challenge))
    reason = "Demo: findings of the reviews with an agreed summary"
    services.add_findings(actor=None, rows=challenges, reason=reason)
    for recommendation, challenge in pairs:
        recommendation.answers_id = challenge.match_id
    services.add_findings(actor=None, rows=others, reason=reason)
    secretariat = context.user("secretariat")
    translations = _translations(secretariat, reviews, data.node("machine_translations"))
    follow_ups = _follow_up(context, reviews, agreed, data.node("follow_up"), seed)
    drafts = _kenya_drafts(context, data.node("kenya_drafts"))
    return (
        f"{len(challenges) + len(others)} findings of {len(reviews)} reviews with an agreed summary, "
        f"{translations} machine translations, {follow_ups} follow-up reports, {drafts} drafts for Kenya"
    )


def _review_findings(
    rng: random.Random,
    review: Review,
    articles: dict[int, Any],
    categories: dict[tuple[int, str], int],
    shape: Shape,
) -> list[tuple[str, FindingRow, FindingRow | None]]:
    cycle = review.cycle.number
    chapter_share = shape.chapter_share[cycle]
    skip = set(shape.skip_articles.get(cycle, []))
    numbers = sorted(n for n, a in articles.items() if a.chapter.number in chapter_share and n not in skip)
    chapter_ids = {a.chapter.number: a.chapter_id for a in articles.values()}

    def row(type: str, chapter: int, arts: list[int], text: str, cats: list[int] | None = None) -> FindingRow:
        cats = cats or []
        return FindingRow(
            row=0,
            review_id=review.pk,
            type=type,
            chapter_id=articles[arts[0]].chapter_id if arts else chapter_ids[chapter],
            chapter_number=chapter,
            article_ids=[articles[a].pk for a in arts],
            article_numbers=arts,
            category_ids=cats,
            primary_id=cats[0] if cats else None,
            text=text,
            language="en",
            paragraphs="",
            ref="",
            answers_ref="",
            key=content_key(type, chapter, arts, text),
            origin=FindingOrigin.DEMO,
        )

    out: list[tuple[str, FindingRow, FindingRow | None]] = []
    texts = shape.texts
    # Observations, good practices, challenges and their recommendations on a sample of articles.
    for n in rng.sample(numbers, k=min(len(numbers), rng.randint(6, 10))):
        art = articles[n]
        fmt = {"state": review.state.name_en, "n": n, "title": art.title_en}
        chapter = art.chapter.number
        out.append(
            (
                "observation",
                row("observation", chapter, [n], rng.choice(texts["observations"]).format(**fmt)),
                None,
            )
        )
        if rng.random() < 0.35:
            text = rng.choice(texts["good_practices"]).format(**fmt)
            out.append(("good_practice", row("good_practice", chapter, [n], text), None))
        if rng.random() < 0.6:
            i = rng.randrange(len(texts["challenges"]))
            challenge = row("challenge", chapter, [n], texts["challenges"][i].format(**fmt))
            out.append(("challenge", challenge, None))
            answer = row("recommendation", chapter, [n], texts["recommendations"][i].format(**fmt))
            out.append(("recommendation", answer, challenge))
    # Technical-assistance needs.
    share, mean = shape.needs_profile[cycle].get(review.state.regional_group, (0.0, 0.0))
    if rng.random() < share:
        weights = shape.category_weights[cycle]
        for i in range(_poisson_like(rng, mean)):
            chapter = _weighted(rng, chapter_share)
            if cycle in shape.article_weights:
                pool = {
                    n: w
                    for n, w in shape.article_weights[cycle].items()
                    if (n == 0 and chapter == 5) or (n and articles[n].chapter.number == chapter)
                }
                n = _weighted(rng, pool)
            else:
                n = rng.choice([a for a in numbers if articles[a].chapter.number == chapter] + [0])
            codes = [_weighted(rng, weights)]
            if rng.random() < 0.2:
                second = _weighted(rng, weights)
                if second != codes[0]:
                    codes.append(second)
            cats = [categories[(review.cycle_id, c)] for c in codes if (review.cycle_id, c) in categories]
            if n:
                theme = shape.need_themes.get(
                    n, f"the implementation of article {n} ({articles[n].title_en})"
                )
                out.append(
                    (
                        "ta_need",
                        row("ta_need", chapter, [n], f"Assistance with {theme} (need {i + 1}).", cats),
                        None,
                    )
                )
            else:
                text = f"General assistance for the implementation of chapter {chapter} (need {i + 1})."
                out.append(("ta_need", row("ta_need", chapter, [], text, cats), None))
    return out


def _translations(actor: Any, reviews: list[Review], spec: Node) -> int:
    """Machine translations (labelled so) of the findings of a few States' reviews."""
    chosen = [r for r in reviews if r.state.iso3 in set(spec["states"])]
    made = 0
    for finding in Finding.objects.filter(review__in=chosen).select_related("review").order_by("pk"):
        services.set_translation(
            actor=actor,
            finding=finding,
            language=spec.text("language"),
            text=f"{spec.text('prefix')}{finding.text}",
            kind="machine",
        )
        made += 1
    return made


def _follow_up(
    context: Context, reviews: list[Review], agreed: dict[int, date], spec: Node, seed: str
) -> int:
    """Follow-up on the recommendations of reviews that reached the follow-up stage."""
    submitter = context.user(spec.text("reported_by"))
    statuses = dict(spec["statuses"])
    agencies = list(spec["agencies"])
    latest = spec.day("latest")
    reports = []
    for review in [r for r in reviews if r.stage == Stage.FOLLOW_UP]:
        rng = random.Random(f"{seed}-follow-up-{review.cycle.number}-{review.state.iso3}")
        start = agreed[review.pk] + timedelta(days=spec.number("after_agreed_days"))
        for rec in Finding.objects.filter(review=review, type="recommendation").order_by("pk"):
            if rng.random() < spec["skip_share"]:
                continue
            status = rng.choices(list(statuses), weights=list(statuses.values()))[0]
            reported_on = min(start + timedelta(days=rng.randint(0, spec.number("spread_days"))), latest)
            reports.append(
                PastFollowUp(
                    recommendation=rec,
                    measures=f"Measures taken on: {rec.text[:80]}",
                    status=status,
                    evidence=spec.text("evidence"),
                    reported_on=reported_on,
                    submitted_by=submitter,
                    responsible_agency=rng.choice(agencies),
                )
            )
    return services.record_follow_up_reports(actor=None, reports=reports, reason="Demo: follow-up reports")


def _kenya_drafts(context: Context, spec: Node) -> int:
    """Draft findings in Kenya's live review (the confidential circle works on them)."""
    review = Review.objects.get(cycle=context.cycle(2), state=context.state("KEN"))
    author = context.user(spec.text("author"))
    made = []
    for row in spec.rows("findings"):
        categories = list(row.get("categories") or [])
        made.append(
            services.create_finding(
                actor=author,
                review=review,
                type=row.text("type"),
                articles=list(row["articles"]),
                text=row.text("text"),
                categories=categories,
                primary_category=categories[0] if categories else None,
                origin=FindingOrigin.DEMO,
            )
        )
    comment = spec.node("comment")
    services.add_comment(
        actor=context.user(comment.text("by")),
        finding=made[comment.number("finding") - 1],
        text=comment.text("text"),
    )
    return len(made)
