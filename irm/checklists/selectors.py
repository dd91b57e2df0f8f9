"""Reads of the checklists app: questions in force, progress, snapshots and the diff of two versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from irm.checklists.models import (
    Answer,
    ArticleReview,
    Attachment,
    Checklist,
    ImplementationStatus,
    Question,
    QuestionKind,
    Submission,
)
from irm.convention.models import Article
from irm.core.content_cache import shared_per_content_version


def questions_of(checklist: Checklist) -> list[Question]:
    """The questions of the checklist's cycle, in order. Reference data every page and save of a
    checklist reads: kept per content version in the process (callers read them, never change them)."""
    cycle_id = checklist.review.cycle_id

    def load() -> list[Question]:
        return list(
            Question.objects.filter(cycle_id=cycle_id)
            .select_related("article")
            .order_by("article__number", "order")
        )

    return list(shared_per_content_version("checklist-questions", cycle_id, load))


def articles_of(checklist: Checklist) -> list[Article]:
    ids = Question.objects.filter(cycle_id=checklist.review.cycle_id).values("article_id")
    return list(Article.objects.filter(pk__in=ids).order_by("number"))


def answers_by_code(checklist: Checklist, *, questions: list[Question] | None = None) -> dict[str, Answer]:
    """Question code → the stored answer, each given its question from `questions_of` (no join).
    `questions`: the checklist's `questions_of`, when the caller has just read them."""
    questions_by_pk = {q.pk: q for q in (questions_of(checklist) if questions is None else questions)}
    answers = list(Answer.objects.filter(checklist=checklist).select_related("updated_by"))
    if (
        missing := {a.question_id for a in answers} - questions_by_pk.keys()
    ):  # not of the cycle: never, but read them
        questions_by_pk.update(Question.objects.select_related("article").in_bulk(missing))
    for answer in answers:
        answer.question = questions_by_pk[answer.question_id]
    return {a.question.code: a for a in answers}


def answer_versions(checklist: Checklist) -> dict[str, int]:
    """Question code → the stored answer's version (answers cleared since included)."""
    return dict(Answer.objects.filter(checklist=checklist).values_list("question__code", "version"))


def is_empty(value: Any) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, dict):
        return not (value.get("cases") or "").strip() and not any(
            any(str(c).strip() for c in row) for row in value.get("table") or []
        )
    return isinstance(value, str) and not value.strip()


def is_shown(question: Question, values: dict[str, Any]) -> bool:
    """Conditional questions are shown only when the earlier answer calls for them."""
    condition = question.condition or {}
    if not condition:
        return True
    return values.get(condition.get("question", "")) in (condition.get("in") or [])


def display_value(question: Question, value: Any, language: str | None = None) -> str:
    """An answer as readable text (for pages, Word exports and diffs)."""
    if is_empty(value):
        return ""
    kind = question.kind
    if kind == QuestionKind.STATUS:
        return str(dict(ImplementationStatus.choices).get(value, value))
    if kind == QuestionKind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if kind == QuestionKind.CHOICE:
        for choice in question.choices:
            if choice.get("value") == value:
                return question.choice_label(choice, language)
        return str(value)
    if kind == QuestionKind.EXAMPLES and isinstance(value, dict):
        lines = [value.get("cases") or ""]
        lines += [" | ".join(str(c) for c in row) for row in value.get("table") or []]
        return "\n".join(line for line in lines if line)
    return str(value)


@dataclass
class ArticleProgress:
    article: Article
    shown: int = 0
    answered: int = 0
    carried_over: int = 0
    decision: str = ArticleReview.Status.OPEN
    comment: str = ""
    assignees: list[Any] = field(default_factory=list)

    @property
    def state(self) -> str:
        """accepted / needs_attention / answered / in_progress / not_started."""
        if self.decision == ArticleReview.Status.ACCEPTED:
            return "accepted"
        if self.decision == ArticleReview.Status.NEEDS_ATTENTION or self.carried_over:
            return "needs_attention"
        if self.shown and self.answered >= self.shown:
            return "answered"
        return "in_progress" if self.answered else "not_started"

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.shown) if self.shown else 0


@dataclass
class Progress:
    articles: list[ArticleProgress]

    def count(self, state: str) -> int:
        return sum(1 for a in self.articles if a.state == state)

    @property
    def total(self) -> int:
        return len(self.articles)

    def percent(self, state: str) -> int:
        return round(100 * self.count(state) / self.total) if self.total else 0

    @property
    def answered_percent(self) -> int:
        """Share of articles answered (accepted ones included)."""
        done = self.count("answered") + self.count("accepted")
        return round(100 * done / self.total) if self.total else 0

    # For templates (the stacked bar): accepted | answered, not yet accepted | needs attention.
    @property
    def count_accepted(self) -> int:
        return self.count("accepted")

    @property
    def count_answered(self) -> int:
        return self.count("answered") + self.count("accepted")

    @property
    def count_attention(self) -> int:
        return self.count("needs_attention")

    @property
    def percent_accepted(self) -> int:
        return self.percent("accepted")

    @property
    def percent_answered_only(self) -> int:
        return self.percent("answered")

    @property
    def percent_attention(self) -> int:
        return self.percent("needs_attention")

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.total,
            "answered": self.count("answered") + self.count("accepted"),
            "accepted": self.count("accepted"),
            "needs_attention": self.count("needs_attention"),
            "per_article": [
                {
                    "article": a.article.number,
                    "state": a.state,
                    "answered": a.answered,
                    "questions": a.shown,
                    "carried_over": a.carried_over,
                }
                for a in self.articles
            ],
        }


def progress(
    checklist: Checklist,
    *,
    article_ids: set[int] | None = None,
    answers: dict[str, Answer] | None = None,
    questions: list[Question] | None = None,
    decisions: dict[int, ArticleReview] | None = None,
    with_assignees: bool = True,
) -> Progress:
    """Answered / accepted / needs attention, per article and overall. Attachments are optional.
    `answers`, `questions`, `decisions`: the checklist's `answers_by_code`, `questions_of` and
    `decisions_of`, when the caller has just read them; `with_assignees=False` leaves the rows'
    assignees empty (a page that does not show them saves the query)."""
    if questions is None:
        questions = questions_of(checklist)
    if answers is None:
        answers = answers_by_code(checklist, questions=questions)
    values = {code: a.value for code, a in answers.items()}
    if decisions is None:
        decisions = decisions_of(checklist)
    assignees: dict[int, list[Any]] = {}
    if with_assignees:
        for assignment in checklist.assignments.select_related("user"):
            assignees.setdefault(assignment.article_id, []).append(assignment.user)
    rows: dict[int, ArticleProgress] = {}
    for question in questions:
        if article_ids is not None and question.article_id not in article_ids:
            continue
        row = rows.get(question.article_id)
        if row is None:
            decision = decisions.get(question.article_id)
            row = rows[question.article_id] = ArticleProgress(
                article=question.article,
                decision=decision.status if decision else ArticleReview.Status.OPEN,
                comment=decision.comment if decision else "",
                assignees=assignees.get(question.article_id, []),
            )
        if question.kind == QuestionKind.ATTACHMENTS or not is_shown(question, values):
            continue
        row.shown += 1
        answer = answers.get(question.code)
        if answer is not None and not is_empty(answer.value):
            row.answered += 1
            row.carried_over += int(answer.carried_over)
    return Progress(articles=list(rows.values()))


def decisions_of(checklist: Checklist) -> dict[int, ArticleReview]:
    """Article id → the focal point's decision on it."""
    return {r.article_id: r for r in ArticleReview.objects.filter(checklist=checklist)}


def articles_in(questions: list[Question]) -> list[Article]:
    """The articles of these questions (`questions_of`, in article order), each once, in order."""
    seen: dict[int, Article] = {}
    for question in questions:
        seen.setdefault(question.article_id, question.article)
    return sorted(seen.values(), key=lambda a: a.number)


def need_reference(checklist: Checklist) -> dict[str, list[Any]]:
    """The cycle's technical-assistance categories and chapters, in order: reference data kept per
    content version in the process, like `questions_of` (callers never change them)."""
    cycle = checklist.review.cycle

    def load() -> dict[str, list[Any]]:
        return {"categories": list(cycle.ta_categories.all()), "chapters": list(cycle.chapters.all())}

    return shared_per_content_version("checklist-need-reference", cycle.pk, load)


def ta_categories_of(checklist: Checklist) -> list[Any]:
    """The technical-assistance categories of the checklist's cycle, in order (kept, see above)."""
    return list(need_reference(checklist)["categories"])


def snapshot(checklist: Checklist) -> dict[str, Any]:
    """The whole answer as plain data: what a Submission freezes and what versions are compared on."""
    questions = questions_of(checklist)
    answers = answers_by_code(checklist)
    decisions = {r.article_id: r for r in ArticleReview.objects.filter(checklist=checklist)}
    articles: dict[str, Any] = {}
    for question in questions:
        entry = articles.setdefault(
            str(question.article.number),
            {
                "decision": decisions[question.article_id].status
                if question.article_id in decisions
                else ArticleReview.Status.OPEN,
                "comment": decisions[question.article_id].comment if question.article_id in decisions else "",
                "answers": {},
                "attachments": [],
            },
        )
        answer = answers.get(question.code)
        if answer is not None and not is_empty(answer.value):
            entry["answers"][question.code] = {
                "value": answer.value,
                "version": answer.version,
                "carried_over": answer.carried_over,
            }
    for attachment in Attachment.objects.filter(checklist=checklist).select_related("question__article"):
        articles[str(attachment.question.article.number)]["attachments"].append(
            {
                "id": attachment.pk,
                "question": attachment.question.code,
                "filename": attachment.filename,
                "file_type": attachment.file_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
            }
        )
    needs = [
        {
            "id": need.pk,
            "version": need.version,
            "article": need.article.number if need.article else None,
            "chapter": need.chapter.number if need.chapter else None,
            "text": need.text,
            "categories": sorted(c.code for c in need.categories.all()),
            "priority": need.priority,
            "receiving_assistance": need.receiving_assistance,
            "assistance_from": need.assistance_from,
            "carried_over": need.carried_over,
        }
        for need in checklist.needs.select_related("article", "chapter").prefetch_related("categories")
    ]
    stakeholders = [
        {"id": s.pk, "version": s.version, "name": s.name, "kind": s.kind, "how": s.how}
        for s in checklist.stakeholders.all()
    ]
    return {
        "review": checklist.review_id,
        "cycle": checklist.review.cycle.number,
        "state": checklist.review.state.iso3,
        "language": checklist.language,
        "articles": articles,
        "needs": needs,
        "stakeholders": stakeholders,
    }


def latest_submission(checklist: Checklist) -> Submission | None:
    return checklist.submissions.order_by("-number").first()


def _inline_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Word-level marks: <del> in the old text, <ins> in the new one."""
    a, b = old.split(" "), new.split(" ")
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 - parts are escaped


@dataclass
class DiffRow:
    article: int
    label: str
    old: str
    new: str
    old_html: SafeString
    new_html: SafeString

    @property
    def changed(self) -> bool:
        return self.old != self.new


def diff_snapshots(
    checklist: Checklist, old: dict[str, Any], new: dict[str, Any], *, changed_only: bool = False
) -> list[DiffRow]:
    """Side-by-side rows, one per question (and per need / stakeholder), of two snapshots."""
    language = new.get("language") or checklist.language
    rows: list[DiffRow] = []

    def add(article: int, label: str, before: str, after: str) -> None:
        if changed_only and before == after:
            return
        old_html, new_html = _inline_diff(before, after)
        rows.append(DiffRow(article, label, before, after, old_html, new_html))

    for question in questions_of(checklist):
        number = str(question.article.number)
        before = old.get("articles", {}).get(number, {}).get("answers", {}).get(question.code, {})
        after = new.get("articles", {}).get(number, {}).get("answers", {}).get(question.code, {})
        add(
            question.article.number,
            question.text_in(language),
            display_value(question, before.get("value"), language),
            display_value(question, after.get("value"), language),
        )

    def need_text(need: dict[str, Any]) -> str:
        where = (
            f"{_('Article')} {need['article']}"
            if need.get("article")
            else (f"{_('Chapter')} {need['chapter']}" if need.get("chapter") else _("General"))
        )
        return f"{where}: {need['text']} [{', '.join(need['categories'])}; {need['priority']}]"

    old_needs = [need_text(n) for n in old.get("needs", [])]
    new_needs = [need_text(n) for n in new.get("needs", [])]
    add(0, _("Technical-assistance needs"), "\n".join(old_needs), "\n".join(new_needs))
    add(
        0,
        _("Stakeholders consulted"),
        "\n".join(f"{s['name']} ({s['kind']}): {s['how']}" for s in old.get("stakeholders", [])),
        "\n".join(f"{s['name']} ({s['kind']}): {s['how']}" for s in new.get("stakeholders", [])),
    )
    return rows


def previous_submission_for(checklist: Checklist) -> Submission | None:
    """The same State's latest submitted answer in another review: the source of carry-over."""
    return (
        Submission.objects.filter(checklist__review__state_id=checklist.review.state_id)
        .exclude(checklist=checklist)
        .order_by("-submitted_at", "-number")
        .first()
    )
