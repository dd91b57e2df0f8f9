"""Demo: Kenya's answer to the cycle-2 checklist, partly filled by two contributors. Idempotent."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from irm.accounts.models import User
from irm.checklists import services
from irm.checklists.models import Answer, ArticleReview, Question
from irm.convention.models import Article
from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import Review, ReviewExpert

ASSIGNMENTS = {"contrib-kenya": [5, 6, 7, 8, 9], "contrib-kenya-2": [10, 11, 12, 13, 14]}
ANSWERS = [
    ("contrib-kenya", "a5-status", "partly"),
    (
        "contrib-kenya",
        "a5-gaps",
        "The National Ethics and Anti-Corruption Policy awaits a costed action plan.",
    ),
    ("contrib-kenya", "a5-key", "yes"),
    (
        "contrib-kenya",
        "a5-measures",
        "Anti-Corruption and Economic Crimes Act 2003; National Ethics and Anti-Corruption Policy 2018.",
    ),
    (
        "contrib-kenya",
        "a5-examples",
        {
            "cases": "Review of the policy with civil society in 2023.",
            "table": [["year", "evaluations"], ["2022", "1"], ["2023", "2"]],
        },
    ),
    ("contrib-kenya", "a6-status", "fully"),
    ("contrib-kenya", "a6-key", "yes"),
    (
        "contrib-kenya",
        "a6-measures",
        "Ethics and Anti-Corruption Commission (Constitution art. 79; EACC Act 2011).",
    ),
    ("contrib-kenya-2", "a14-status", "partly"),
    ("contrib-kenya-2", "a14-key", "yes"),
    (
        "contrib-kenya-2",
        "a14-measures",
        "Proceeds of Crime and Anti-Money Laundering Act 2009; Financial Reporting Centre.",
    ),
]


def load(*, stdout: TextIO) -> None:
    users = {
        u.username: u for u in User.objects.filter(username__in=["fp-kenya", *ASSIGNMENTS, "expert-nzl"])
    }
    cycle = Cycle.objects.filter(number=2).first()
    kenya = State.objects.filter(iso3="KEN").first()
    if (
        cycle is None
        or kenya is None
        or "fp-kenya" not in users
        or not Question.objects.filter(cycle=cycle).exists()
    ):
        stdout.write("  checklists: skipped (reference data or demo users missing)\n")
        return
    with transaction.atomic():
        review = Review.objects.filter(cycle=cycle, state=kenya).first()
        if review is None:
            # No draw in this demo: pair Kenya with New Zealand (expert-nzl) and Ghana ourselves.
            reviewers = {s.iso3: s for s in State.objects.filter(iso3__in=["NZL", "GHA"])}
            review = Review.objects.create(
                cycle=cycle,
                state=kenya,
                year=1,
                reviewer_1=reviewers.get("NZL"),
                reviewer_2=reviewers.get("GHA"),
            )
            if "expert-nzl" in users and review.reviewer_1 is not None:
                ReviewExpert.objects.get_or_create(
                    review=review, user=users["expert-nzl"], defaults={"state": review.reviewer_1}
                )
        fp = users["fp-kenya"]
        checklist = services.start_checklist(actor=fp, review=review, language="en")
        if checklist.is_locked:
            stdout.write("  checklists: Kenya's answer is already submitted\n")
            return
        articles = {a.number: a for a in Article.objects.filter(number__in=range(5, 15))}
        for username, numbers in ASSIGNMENTS.items():
            if username in users:
                for number in numbers:
                    services.assign_article(
                        actor=fp, checklist=checklist, article=articles[number], user=users[username]
                    )
        questions = {q.code: q for q in Question.objects.filter(cycle=cycle)}
        saved = 0
        for username, code, value in ANSWERS:
            if (
                username not in users
                or Answer.objects.filter(checklist=checklist, question=questions[code]).exists()
            ):
                continue
            services.save_answer(
                actor=users[username],
                checklist=checklist,
                question=questions[code],
                value=value,
                base_version=0,
            )
            saved += 1
        if not checklist.needs.exists():
            services.save_need(
                actor=users.get("contrib-kenya", fp),
                checklist=checklist,
                article=articles[5],
                text="Costing and monitoring of the anti-corruption action plan.",
                category_codes=["policymaking", "capacity_building"],
                priority="high",
                receiving_assistance=True,
                assistance_from="UNODC regional platform for Eastern Africa",
            )
            services.save_need(
                actor=fp,
                checklist=checklist,
                text="Case-management system for corruption statistics.",
                category_codes=["research_data"],
            )
        if not checklist.stakeholders.exists():
            services.add_stakeholder(
                actor=fp,
                checklist=checklist,
                name="Transparency International Kenya",
                kind="civil_society",
                how="Validation workshop",
            )
        decisions = {
            r.article.number: r.status
            for r in ArticleReview.objects.filter(checklist=checklist).select_related("article")
        }
        if decisions.get(6) == ArticleReview.Status.OPEN:
            services.decide_article(
                actor=fp, checklist=checklist, article=articles[6], status=ArticleReview.Status.ACCEPTED
            )
        if decisions.get(5) == ArticleReview.Status.OPEN:
            services.decide_article(
                actor=fp,
                checklist=checklist,
                article=articles[5],
                status=ArticleReview.Status.NEEDS_ATTENTION,
                comment="Please add the 2024 evaluation figures.",
            )
    if saved:
        stdout.write(f"  checklists: Kenya's cycle-2 answer, {saved} answers saved\n")
