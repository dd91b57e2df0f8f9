"""Starting a checklist, assigning its articles, and answering: saves, confirmations, attachments."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from irm.checklists import permissions
from irm.checklists.answers import clean_value as _clean_value
from irm.checklists.models import (
    Answer,
    ArticleReview,
    Assignment,
    Attachment,
    Checklist,
    Question,
    QuestionKind,
)
from irm.checklists.selectors import articles_of
from irm.checklists.services._common import (
    _article_of,
    _conflict,
    _lock_checklist,
    _reopen_article_decision,
    _require_draft,
)
from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, NotFound, PermissionDenied
from irm.core.uploads import validate_upload
from irm.reviews.models import Review
from irm.search.services import request_reindex

# --- starting and assigning -----------------------------------------------------------------------


@transaction.atomic
def start_checklist(*, actor: Any, review: Review, language: str = "") -> Checklist:
    """Open the answer of a review (idempotent): one decision row per article under review."""
    if not permissions.can_start(actor, review):
        raise PermissionDenied("Only the focal point or the secretariat can start the answer.")
    language = language or (review.languages[0] if review.languages else "") or "en"
    checklist, created = Checklist.objects.get_or_create(review=review, defaults={"language": language})
    if created:
        for article in articles_of(checklist):
            ArticleReview.objects.get_or_create(checklist=checklist, article=article)
        record_event(actor=actor, action="checklists.started", obj=checklist, after={"language": language})
    return checklist


@transaction.atomic
def assign_article(*, actor: Any, checklist: Checklist, article: Article, user: Any) -> Assignment:
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point assigns articles.")
    _article_of(checklist, article)
    if permissions.role_on(user, checklist.review) != permissions.CONTRIBUTOR:
        raise InvalidInput(
            "Articles can be assigned only to national contributors of the State under review.",
            code="not_a_contributor",
        )
    assignment, created = Assignment.objects.get_or_create(checklist=checklist, article=article, user=user)
    if created:
        record_event(
            actor=actor,
            action="checklists.article_assigned",
            obj=checklist,
            after={"article": article.number, "user": user.get_username()},
        )
    return assignment


@transaction.atomic
def unassign_article(*, actor: Any, checklist: Checklist, article: Article, user: Any) -> None:
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point assigns articles.")
    deleted, _ = Assignment.objects.filter(checklist=checklist, article=article, user=user).delete()
    if deleted:
        record_event(
            actor=actor,
            action="checklists.article_unassigned",
            obj=checklist,
            before={"article": article.number, "user": user.get_username()},
        )


# --- answering ------------------------------------------------------------------------------------


def save_answer(
    *, actor: Any, checklist: Checklist, question: Question, value: Any, base_version: int
) -> Answer:
    """Save one answer if nobody saved it since `base_version` (0 = not answered yet); else Conflict.

    The check and the write happen under the answer's row lock, so two saves on the same base can
    never both succeed: the second is refused with both versions (code "edit_conflict").
    """
    if question.cycle_id != checklist.review.cycle_id:
        raise NotFound("No such question in this checklist.")
    if not permissions.may_write_article(actor, checklist, question.article):
        raise PermissionDenied("You cannot edit this article.")
    cleaned = _clean_value(question, value)
    with transaction.atomic():
        checklist = _lock_checklist(checklist, article_id=question.article_id)
        _require_draft(checklist)
        answer = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("updated_by")  # a refusal names who saved: no query of its own under the lock
            .filter(checklist=checklist, question=question)
            .first()
        )
        if answer is None:
            if base_version != 0:
                raise InvalidInput("Unknown base version.", code="invalid_version")
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(
                        checklist=checklist, question=question, value=cleaned, version=1, updated_by=actor
                    )
            except IntegrityError:
                current = Answer.objects.select_related("updated_by").get(
                    checklist=checklist, question=question
                )
                raise _conflict(question, current, cleaned, base_version) from None
            before = None
        else:
            if answer.version != base_version:
                raise _conflict(question, answer, cleaned, base_version)
            before = {"version": answer.version, "carried_over": answer.carried_over}
            answer.value = cleaned
            answer.version += 1
            answer.carried_over = False
            answer.updated_by = actor
            answer.save(update_fields=["value", "version", "carried_over", "updated_by", "updated_at"])
        _reopen_article_decision(checklist, question.article_id)
        # The audit keeps who saved which version, not the text (the answer itself is confidential
        # and versions are kept in submissions).
        record_event(
            actor=actor,
            action="checklists.answer_saved",
            obj=answer,
            before=before,
            after={"question": question.code, "version": answer.version},
        )
        request_reindex(kind="checklist", object_ids=[checklist.pk])  # the signed-in search
    return answer


@transaction.atomic
def confirm_answer(*, actor: Any, answer: Answer, base_version: int) -> Answer:
    """Confirm a carried-over answer as it stands (a save of the same value)."""
    return save_answer(
        actor=actor,
        checklist=answer.checklist,
        question=answer.question,
        value=answer.value,
        base_version=base_version,
    )


def upload_attachment(
    *, actor: Any, checklist: Checklist, question: Question, filename: str, content: bytes
) -> Attachment:
    if question.cycle_id != checklist.review.cycle_id or question.kind != QuestionKind.ATTACHMENTS:
        raise InvalidInput("This question takes no attachments.", code="not_attachments")
    if not permissions.may_write_article(actor, checklist, question.article):
        raise PermissionDenied("You cannot edit this article.")
    upload = validate_upload(filename, content, kind="checklist_attachment")
    with transaction.atomic():
        checklist = _lock_checklist(checklist)
        _require_draft(checklist)
        attachment = Attachment(
            checklist=checklist,
            question=question,
            filename=upload.filename,
            file_type=upload.file_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(upload.stored_name, ContentFile(content), save=False)
        attachment.save()
        _reopen_article_decision(checklist, question.article_id)
        record_event(
            actor=actor,
            action="checklists.attachment_added",
            obj=attachment,
            after={
                "filename": upload.filename,
                "type": upload.file_type,
                "size": upload.size,
                "sha256": upload.sha256,
            },
        )
        request_reindex(kind="checklist", object_ids=[checklist.pk])
    return attachment


@transaction.atomic
def delete_attachment(*, actor: Any, attachment: Attachment) -> None:
    checklist = _lock_checklist(attachment.checklist)
    _require_draft(checklist)
    if not permissions.may_write_article(actor, checklist, attachment.question.article):
        raise PermissionDenied("You cannot edit this article.")
    record_event(
        actor=actor,
        action="checklists.attachment_removed",
        obj=attachment,
        before={"filename": attachment.filename},
    )
    attachment.delete()  # the file stays in storage: submitted versions may list it
    request_reindex(kind="checklist", object_ids=[checklist.pk])
