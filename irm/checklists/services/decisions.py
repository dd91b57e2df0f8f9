"""The focal point's decisions on articles, answers carried over from the previous cycle, submission and
reopening (versions)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.checklists import permissions
from irm.checklists.answers import check_submission
from irm.checklists.answers import clean_value as _clean_value
from irm.checklists.models import (
    Answer,
    ArticleReview,
    Checklist,
    Priority,
    Question,
    QuestionKind,
    Submission,
    TANeed,
)
from irm.checklists.selectors import articles_of, is_empty, previous_submission_for, snapshot
from irm.checklists.services._common import _article_of, _lock_checklist, _require_draft
from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, NotFound, PermissionDenied
from irm.reviews import services as review_services
from irm.reviews.models import Stage
from irm.search.services import request_reindex

# --- the focal point's decisions ------------------------------------------------------------------


@transaction.atomic
def decide_article(
    *, actor: Any, checklist: Checklist, article: Article, status: str, comment: str = ""
) -> ArticleReview:
    """Accept an article, or send it back as needing attention, with a comment for the contributors."""
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point accepts articles.")
    if status not in ArticleReview.Status.values:
        raise InvalidInput("Unknown decision.", code="invalid_decision")
    _article_of(checklist, article)
    checklist = _lock_checklist(checklist)
    _require_draft(checklist)
    decision, _ = ArticleReview.objects.select_for_update().get_or_create(
        checklist=checklist, article=article
    )
    before = {"status": decision.status}
    decision.status = status
    decision.comment = comment.strip()
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.save()
    record_event(
        actor=actor,
        action="checklists.article_decided",
        obj=checklist,
        before=before,
        after={"article": article.number, "status": status},
    )
    return decision


# --- carry-over -----------------------------------------------------------------------------------


@transaction.atomic
def carry_over_answers(*, actor: Any, checklist: Checklist) -> dict[str, int]:
    """Start empty answers from the same State's latest submitted answer in another review.

    Matching is by question code (same article and question in a later cycle or phase), then by
    the question's `carry_from` codes (cross-cutting articles, e.g. art. 14 from art. 23). Every
    copied answer and need is marked "carried over, confirm". Existing answers are never touched.
    """
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point carries answers over.")
    checklist = _lock_checklist(checklist)
    _require_draft(checklist)
    source = previous_submission_for(checklist)
    if source is None:
        raise NotFound("There is no earlier submitted answer of this State to start from.", code="no_source")
    request_reindex(kind="checklist", object_ids=[checklist.pk])
    previous: dict[str, Any] = {}
    for entry in source.snapshot.get("articles", {}).values():
        for code, answer in entry.get("answers", {}).items():
            previous[code] = answer.get("value")
    existing = set(Answer.objects.filter(checklist=checklist).values_list("question_id", flat=True))
    copied = 0
    for question in Question.objects.filter(cycle_id=checklist.review.cycle_id).exclude(pk__in=existing):
        if question.kind == QuestionKind.ATTACHMENTS:
            continue
        value = next(
            (previous[c] for c in [question.code, *question.carry_from] if not is_empty(previous.get(c))),
            None,
        )
        if value is None:
            continue
        try:
            value = _clean_value(question, value)
        except InvalidInput:
            continue
        Answer.objects.create(
            checklist=checklist,
            question=question,
            value=value,
            version=1,
            carried_over=True,
            updated_by=actor,
        )
        copied += 1
    needs = 0
    if not checklist.needs.filter(carried_over=True).exists():
        articles = {a.number: a for a in articles_of(checklist)}
        chapters = {c.number: c for c in checklist.review.cycle.chapters.all()}
        categories = {c.code: c for c in checklist.review.cycle.ta_categories.all()}
        for old in source.snapshot.get("needs", []):
            article = articles.get(old.get("article")) if old.get("article") else None
            chapter = chapters.get(old.get("chapter")) if old.get("chapter") else None
            if (old.get("article") and article is None) or (old.get("chapter") and chapter is None):
                continue
            need = TANeed.objects.create(
                checklist=checklist,
                article=article,
                chapter=chapter,
                text=old["text"],
                priority=old.get("priority", Priority.MEDIUM),
                receiving_assistance=old.get("receiving_assistance", False),
                assistance_from=old.get("assistance_from", ""),
                carried_over=True,
                updated_by=actor,
            )
            need.categories.set([categories[c] for c in old.get("categories", []) if c in categories])
            needs += 1
    result = {"answers": copied, "needs": needs, "source_submission": source.pk}
    record_event(actor=actor, action="checklists.carried_over", obj=checklist, after=result)
    return result


# --- submission and versions ----------------------------------------------------------------------


def submit_checklist(
    *, actor: Any, checklist: Checklist, note: str = "", confirmed: bool = False
) -> Submission:
    """Lock the answer, freeze a numbered version, mark the milestone, notify reviewers and secretariat.

    Checked first (`answers.check_submission`): a required answer missing or a constraint broken refuses
    (`answer_incomplete`, with the list); optional questions left empty or articles untouched refuse
    unless the focal point `confirmed` having seen them (`submission_unconfirmed`, with the list).
    """
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point submits the answer.")
    given = checklist
    with transaction.atomic():
        checklist = _lock_checklist(checklist, exclusive=True)
        _require_draft(checklist)
        if not Answer.objects.filter(checklist=checklist).exists():
            raise InvalidInput("Nothing has been answered yet.", code="empty_answer")
        check = check_submission(checklist)
        if check.blocking:
            raise InvalidInput(code="answer_incomplete", details=check.as_details())
        if check.needs_confirmation and not confirmed:
            raise InvalidInput(code="submission_unconfirmed", details=check.as_details())
        number = (checklist.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        submission = Submission.objects.create(
            checklist=checklist,
            number=number,
            submitted_by=actor,
            submitted_at=timezone.now(),
            note=note.strip(),
            snapshot=snapshot(checklist),
        )
        checklist.status = Checklist.Status.SUBMITTED
        checklist.save(update_fields=["status", "updated_at"])
        milestone = review_services.mark_milestone_done(
            actor=actor, review=checklist.review, stage=Stage.CHECKLIST_SUBMITTED, on=date.today()
        )
        record_event(
            actor=actor,
            action="checklists.submitted",
            obj=checklist,
            after={"version": number, "milestone_done_on": milestone.done_on},
            reason=note,
        )
        from irm.checklists.tasks import notify_submission

        transaction.on_commit(lambda: notify_submission.enqueue(submission.pk))
    given.status = checklist.status
    return submission


@transaction.atomic
def reopen_checklist(*, actor: Any, checklist: Checklist, reason: str) -> Checklist:
    """Unlock a submitted answer to prepare the next version (e.g. after desk-review questions)."""
    if permissions.role_on(actor, checklist.review) not in {permissions.FOCAL_POINT, permissions.SECRETARIAT}:
        raise PermissionDenied("Only the focal point or the secretariat can reopen a submitted answer.")
    if not reason.strip():
        raise InvalidInput("Say why the answer is reopened.", code="reason_required")
    given = checklist
    checklist = _lock_checklist(checklist, exclusive=True)
    if not checklist.is_locked:
        return checklist
    checklist.status = Checklist.Status.DRAFT
    checklist.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="checklists.reopened", obj=checklist, reason=reason.strip())
    given.status = checklist.status
    return checklist
