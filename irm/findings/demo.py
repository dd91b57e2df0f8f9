"""Demo findings: for every review whose executive summary is agreed, a believable set of findings.

Seeded per review (cycle and ISO3), so every run gives the same demo and re-running adds nothing
(reviews that already have findings are skipped). Technical-assistance needs are shaped on S003
(CAC/COSP/2023/9, data as at 15 September 2023): in cycle 2, about two thirds of the States with an
agreed summary identify needs, ~65% of the needs are in chapter II, capacity-building is by far the
most frequent category (~49%), then legislative assistance (16%) and institution-building (13%);
African States, ~28% of the summaries, hold ~59% of the needs. In cycle 1 (chapters III and IV), ~69%
of the States identify needs, ~71% of them in chapter III, spread over the nine predefined categories.

Kenya's live cycle-2 review (not agreed yet) gets a few draft findings by the expert of New
Zealand and a comment of Kenya's focal point; some recommendations of cycle-1 reviews in follow-up
get follow-up reports.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from irm.accounts.models import User
from irm.convention.models import Article
from irm.core.audit import record_event
from irm.cycles.models import Cycle, TACategory
from irm.findings.imports import FindingRow, insert_findings
from irm.findings.models import Finding, FindingComment, FindingOrigin, FindingTranslation, FollowUpReport
from irm.findings.services import content_key
from irm.parties.models import RegionalGroup
from irm.reviews.models import Milestone, Review, Stage

SEED = "irm-findings-demo-1"

#: Region → (share of States with needs, mean number of needs of a State with needs).
NEEDS_PROFILE = {
    2: {
        RegionalGroup.AFRICA: (0.9, 15.0),
        RegionalGroup.ASIA_PACIFIC: (0.75, 7.5),
        RegionalGroup.EEG: (0.5, 5.0),
        RegionalGroup.GRULAC: (0.5, 5.0),
        RegionalGroup.WEOG: (0.15, 2.5),
        RegionalGroup.NONE: (0.0, 0.0),
    },
    1: {
        RegionalGroup.AFRICA: (0.9, 37.0),
        RegionalGroup.ASIA_PACIFIC: (0.8, 29.0),
        RegionalGroup.EEG: (0.55, 19.0),
        RegionalGroup.GRULAC: (0.7, 22.0),
        RegionalGroup.WEOG: (0.2, 8.0),
        RegionalGroup.NONE: (0.0, 0.0),
    },
}
CATEGORY_WEIGHTS = {
    2: {
        "capacity_building": 49,
        "legislative_assistance": 16,
        "institution_building": 13,
        "research_data": 9,
        "policymaking": 8,
        "international_cooperation": 5,
    },
    1: {
        "good_practices": 21,
        "legal_advice": 20,
        "capacity_building": 18,
        "model_legislation": 10,
        "action_plan": 10,
        "onsite_expert": 9,
        "model_treaty": 4,
        "technological": 5,
        "other": 3,
    },
}
#: Weight of each article among the needs (S003 figures for cycle 2; 0 = general need of the chapter).
ARTICLE_WEIGHTS = {
    2: {
        5: 55,
        6: 41,
        7: 38,
        8: 36,
        9: 35,
        10: 25,
        11: 23,
        12: 16,
        13: 31,
        14: 20,
        51: 36,
        0: 12,
        52: 24,
        53: 15,
        54: 36,
        55: 17,
        56: 12,
        57: 19,
        58: 19,
        59: 6,
    },
}
CHAPTER_SHARE = {2: {2: 0.65, 5: 0.35}, 1: {3: 0.71, 4: 0.29}}

NEED_THEMES = {
    5: "developing, implementing and monitoring the national anti-corruption strategy",
    6: "the organizational and operational capacity of the anti-corruption body",
    7: "integrity in the recruitment of public officials and the management of conflicts of interest",
    8: "a system for declarations of assets and interests and channels for reporting corruption",
    9: "electronic procurement and risk-based audits of public procurement",
    10: "simplified procedures for public access to information",
    11: "training of judges and prosecutors on judicial integrity",
    12: "codes of conduct and reporting channels in the private sector",
    13: "public awareness campaigns and anti-corruption education",
    14: "training of the financial intelligence unit and reporting entities",
    51: "an asset recovery framework and coordination among law enforcement agencies",
    52: "the financial disclosure system and the identification of politically exposed persons",
    53: "guidance on civil actions by foreign States",
    54: "non-conviction-based confiscation and the execution of foreign confiscation orders",
    55: "drafting requests for mutual legal assistance in confiscation matters",
    56: "the spontaneous sharing of information with other States",
    57: "the management, return and disposal of confiscated assets",
    58: "the analytical capacity of the financial intelligence unit",
    59: "negotiating bilateral agreements on asset recovery",
}
OBSERVATIONS = [
    "{state} has adopted legislation that largely implements article {n} ({title}).",
    "The institutional framework of {state} for article {n} ({title}) is in place, with clear mandates.",
    "Implementation of article {n} ({title}) in {state} relies on administrative regulations and practice.",
]
GOOD_PRACTICES = [
    "The publication of annual reports on the implementation of article {n} ({title}) by the competent authority.",
    "Inter-agency coordination under article {n} ({title}) through a standing committee.",
    "The use of an electronic platform that supports the implementation of article {n} ({title}).",
]
CHALLENGES = [
    "The legal framework does not fully cover the requirements of article {n} ({title}).",
    "Limited human and financial resources hamper the implementation of article {n} ({title}).",
    "There are no statistics that would show the effectiveness of measures under article {n} ({title}).",
]
RECOMMENDATIONS = [
    "It is recommended that {state} amend its legislation to implement article {n} ({title}) fully.",
    "It is recommended that {state} provide adequate resources for the implementation of article {n} ({title}).",
    "It is recommended that {state} collect statistics on the implementation of article {n} ({title}).",
]


def _weighted(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _poisson_like(rng: random.Random, mean: float) -> int:
    return max(1, round(rng.gammavariate(2.0, mean / 2.0))) if mean > 0 else 0


def load(*, stdout: TextIO) -> None:
    cycles = {c.number: c for c in Cycle.objects.filter(number__in=[1, 2])}
    if not cycles:
        return
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
        .exclude(findings__isnull=False)
        .select_related("cycle", "state")
        .order_by("cycle__number", "state__iso3")
    )
    made = 0
    with transaction.atomic():
        challenges: list[FindingRow] = []
        others: list[FindingRow] = []
        pairs: list[tuple[FindingRow, FindingRow]] = []
        for review in reviews:
            rng = random.Random(f"{SEED}-{review.cycle.number}-{review.state.iso3}")
            rows = _review_findings(rng, review, articles, categories)
            for kind, row, challenge in rows:
                if kind == "challenge":
                    challenges.append(row)
                elif kind == "recommendation":
                    others.append(row)
                    pairs.append((row, challenge))
                else:
                    others.append(row)
        now = timezone.now()
        review_ids = {r.pk for r in reviews}
        insert_findings(challenges, now=now, agreed=review_ids, user_id=None)
        for recommendation, challenge in pairs:
            recommendation.answers_id = challenge.match_id
        insert_findings(others, now=now, agreed=review_ids, user_id=None)
        made = len(challenges) + len(others)
        translations = _translations(reviews)
        follow_ups = _follow_up(reviews, agreed)
        if made:
            record_event(
                actor=None,
                action="findings.demo",
                object_type="findings.finding",
                after={
                    "reviews": len(reviews),
                    "findings": made,
                    "translations": translations,
                    "follow_up": follow_ups,
                },
            )
        drafts = _kenya_drafts(cycles.get(2), articles)
    if made or drafts:
        stdout.write(
            f"  demo findings: {made} findings for {len(reviews)} reviews with an agreed summary; "
            f"{drafts} drafts for Kenya\n"
        )


def _review_findings(rng, review, articles, categories):
    cycle = review.cycle.number
    state = review.state.name_en
    chapter_share = CHAPTER_SHARE[cycle]
    numbers = sorted(n for n, a in articles.items() if a.chapter.number in chapter_share)
    if cycle == 1:
        numbers = [n for n in numbers if n != 43]
    out = []

    def row(type: str, chapter: int, arts: list[int], text: str, cats: list[int] | None = None) -> FindingRow:
        cats = cats or []
        return FindingRow(
            row=0,
            review_id=review.pk,
            type=type,
            chapter_id=articles[arts[0]].chapter_id if arts else _chapter_id(articles, chapter),
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

    # Observations, good practices, challenges and their recommendations on a sample of articles.
    for n in rng.sample(numbers, k=min(len(numbers), rng.randint(6, 10))):
        art = articles[n]
        fmt = {"state": state, "n": n, "title": art.title_en}
        chapter = art.chapter.number
        out.append(
            ("observation", row("observation", chapter, [n], rng.choice(OBSERVATIONS).format(**fmt)), None)
        )
        if rng.random() < 0.35:
            out.append(
                (
                    "good_practice",
                    row("good_practice", chapter, [n], rng.choice(GOOD_PRACTICES).format(**fmt)),
                    None,
                )
            )
        if rng.random() < 0.6:
            i = rng.randrange(len(CHALLENGES))
            challenge = row("challenge", chapter, [n], CHALLENGES[i].format(**fmt))
            out.append(("challenge", challenge, None))
            out.append(
                (
                    "recommendation",
                    row("recommendation", chapter, [n], RECOMMENDATIONS[i].format(**fmt)),
                    challenge,
                )
            )
    # Technical-assistance needs.
    share, mean = NEEDS_PROFILE[cycle].get(review.state.regional_group, (0.0, 0.0))
    if rng.random() < share:
        weights = CATEGORY_WEIGHTS[cycle]
        for i in range(_poisson_like(rng, mean)):
            chapter = _weighted(rng, chapter_share)
            if cycle in ARTICLE_WEIGHTS:
                pool = {
                    n: w
                    for n, w in ARTICLE_WEIGHTS[cycle].items()
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
                theme = NEED_THEMES.get(n, f"the implementation of article {n} ({articles[n].title_en})")
                text = f"Assistance with {theme} (need {i + 1})."
                out.append(("ta_need", row("ta_need", chapter, [n], text, cats), None))
            else:
                text = f"General assistance for the implementation of chapter {chapter} (need {i + 1})."
                out.append(("ta_need", row("ta_need", chapter, [], text, cats), None))
    return out


_CHAPTER_IDS: dict[int, int] = {}


def _chapter_id(articles, number: int) -> int:
    if not _CHAPTER_IDS:
        for a in articles.values():
            _CHAPTER_IDS[a.chapter.number] = a.chapter_id
    return _CHAPTER_IDS[number]


def _translations(reviews: list[Review]) -> int:
    """Machine translations into Chinese of the findings of a few reviews (France and Brazil if present)."""
    chosen = [r for r in reviews if r.state.iso3 in {"FRA", "BRA", "CHN"}]
    rows = []
    for finding in Finding.objects.filter(review__in=chosen).only("pk", "text", "type"):
        rows.append(
            FindingTranslation(
                finding_id=finding.pk,
                language="zh",
                text=f"[机器翻译] {finding.text}",
                kind="machine",
                reviewed=False,
            )
        )
    FindingTranslation.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _follow_up(reviews: list[Review], agreed: dict[int, date]) -> int:
    """Follow-up on the recommendations of reviews that reached the follow-up stage."""
    submitter = User.objects.filter(username="secretariat").first()
    if submitter is None:
        return 0
    in_follow_up = [r for r in reviews if r.stage == Stage.FOLLOW_UP]
    statuses = ["implemented", "partly_implemented", "in_progress", "not_started", "not_applicable"]
    reports = []
    updates = []
    for review in in_follow_up:
        rng = random.Random(f"{SEED}-follow-up-{review.cycle.number}-{review.state.iso3}")
        start = agreed[review.pk] + timedelta(days=365)
        for rec in Finding.objects.filter(review=review, type="recommendation").order_by("pk"):
            if rng.random() < 0.3:
                continue
            status = rng.choices(statuses, weights=[30, 30, 20, 15, 5])[0]
            reported_on = min(start + timedelta(days=rng.randint(0, 900)), date(2026, 9, 30))
            reports.append(
                FollowUpReport(
                    recommendation=rec,
                    review=review,
                    measures=f"Measures taken on: {rec.text[:80]}",
                    status=status,
                    evidence="Reported by the focal point (demo).",
                    reported_on=reported_on,
                    submitted_by=submitter,
                    validation=rng.choice(["submitted", "validated", "validated"]),
                )
            )
            rec.follow_up_status = status
            updates.append(rec)
    FollowUpReport.objects.bulk_create(reports)
    Finding.objects.bulk_update(updates, ["follow_up_status"])
    return len(reports)


def _kenya_drafts(cycle: Cycle | None, articles) -> int:
    """Draft findings in Kenya's live review (the confidential circle works on them)."""
    if cycle is None:
        return 0
    review = Review.objects.filter(cycle=cycle, state__iso3="KEN").first()
    expert = User.objects.filter(username="expert-nzl").first()
    focal = User.objects.filter(username="fp-kenya").first()
    if review is None or review.findings.exists() or expert is None:
        return 0
    drafts = [
        ("observation", [5], "Kenya adopted a national ethics and anti-corruption policy in 2018."),
        (
            "good_practice",
            [6],
            "The Ethics and Anti-Corruption Commission publishes its case statistics quarterly.",
        ),
        ("challenge", [7], "Rules on conflicts of interest are not applied in all counties."),
        ("ta_need", [9], "Training of county procurement officers on e-procurement."),
    ]
    made = []
    for type, arts, text in drafts:
        finding = Finding.objects.create(
            review=review,
            type=type,
            chapter=articles[arts[0]].chapter,
            text=text,
            language="en",
            origin=FindingOrigin.DEMO,
            created_by=expert,
            content_key=content_key(type, articles[arts[0]].chapter.number, arts, text),
        )
        finding.articles.set([articles[a] for a in arts])
        if type == "ta_need":
            cat = TACategory.objects.filter(cycle=cycle, code="capacity_building").first()
            if cat:
                finding.categories.set([cat])
                finding.primary_category = cat
                finding.save(update_fields=["primary_category"])
        made.append(finding)
    if focal is not None:
        FindingComment.objects.create(
            finding=made[2],
            author=focal,
            text="The Conflict of Interest Act 2025 now applies to the counties.",
        )
    return len(made)
