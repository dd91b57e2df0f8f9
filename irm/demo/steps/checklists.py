"""checklists.yaml → irm.checklists services: Kenya's cycle-2 answer, partly filled in by two
contributors, as each of the people named would do it."""

from __future__ import annotations

from typing import Any

from irm.checklists import services
from irm.checklists.models import Question
from irm.convention.models import Article
from irm.demo.loader import Context, Node
from irm.reviews.models import Review


def load(context: Context, data: Node) -> str:
    cycle = context.cycle(data.number("cycle"))
    review = Review.objects.get(cycle=cycle, state=context.state(data.text("state")))
    focal_point = context.user(data.text("focal_point"))
    checklist = services.start_checklist(actor=focal_point, review=review, language=data.text("language"))
    articles = {a.number: a for a in Article.objects.filter(chapter__in=cycle.chapters.all())}
    questions = {q.code: q for q in Question.objects.filter(cycle=cycle)}
    for username, numbers in data.node("assignments").value.items():
        for number in numbers:
            services.assign_article(
                actor=focal_point,
                checklist=checklist,
                article=_article(data, articles, number),
                user=context.user(username),
            )
    for row in data.rows("answers"):
        code = row.text("question")
        if code not in questions:
            raise row.error("question", f"no question {code!r} in the cycle-{cycle.number} checklist")
        services.save_answer(
            actor=context.user(row.text("by")),
            checklist=checklist,
            question=questions[code],
            value=row["value"],
            base_version=0,
        )
    for row in data.rows("needs"):
        article = row.get("article")
        services.save_need(
            actor=context.user(row.text("by")),
            checklist=checklist,
            article=_article(data, articles, article) if article is not None else None,
            text=row.text("text"),
            category_codes=list(row["categories"]),
            priority=row.get("priority", "medium"),
            receiving_assistance=bool(row.get("receiving_assistance", False)),
            assistance_from=row.get("assistance_from", ""),
        )
    for row in data.rows("stakeholders"):
        services.add_stakeholder(
            actor=context.user(row.text("by")),
            checklist=checklist,
            name=row.text("name"),
            kind=row.text("kind"),
            how=row.text("how", blank=True),
        )
    for row in data.rows("decisions"):
        services.decide_article(
            actor=context.user(row.text("by")),
            checklist=checklist,
            article=_article(data, articles, row.number("article")),
            status=row.text("status"),
            comment=row.get("comment", ""),
        )
    answers = len(data.rows("answers"))
    return f"Kenya's cycle-2 answer with {answers} answers by two contributors"


def _article(data: Node, articles: dict[int, Any], number: int) -> Any:
    if number not in articles:
        raise data.error("articles", f"article {number} is not under review in this cycle")
    return articles[number]
