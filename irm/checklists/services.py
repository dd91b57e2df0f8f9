"""Every change to a checklist answer. Each function validates, locks, writes and audits in one transaction.

Lock order (to avoid deadlocks): the checklist row (shared by saves, exclusive by submission) →
the answer / need / article-review row → the audit chain head (taken by `record_event`).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from importlib import resources
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from irm.checklists import imports, permissions
from irm.checklists.answers import check_submission
from irm.checklists.answers import clean_value as _clean_value
from irm.checklists.imports import ImportResult
from irm.checklists.models import (
    Answer,
    ArticleReview,
    Assignment,
    Attachment,
    Checklist,
    Message,
    Priority,
    Question,
    QuestionKind,
    Stakeholder,
    Submission,
    TANeed,
    Thread,
)
from irm.checklists.selectors import articles_of, is_empty, previous_submission_for, snapshot
from irm.convention.models import Article, Chapter
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDenied
from irm.core.i18n import SUFFIXES
from irm.core.uploads import validate_upload
from irm.cycles.models import Cycle, TACategory
from irm.reviews import services as review_services
from irm.reviews.models import Review, Stage
from irm.search.services import request_reindex

# --- reference data -------------------------------------------------------------------------


def _question_values(row: dict[str, Any], articles: dict[int, int]) -> dict[str, Any]:
    """A question's fields from its row of data/cycle*.json."""
    return {
        "article_id": articles[row["article"]],
        "order": row["order"],
        "paragraph": row.get("paragraph", ""),
        "kind": row["kind"],
        "text_en": row["text_en"],
        "guidance_en": row.get("guidance_en", ""),
        **{f"text_{s}": row.get(f"text_{s}", "") for s in SUFFIXES if s != "en"},
        **{f"guidance_{s}": row.get(f"guidance_{s}", "") for s in SUFFIXES if s != "en"},
        "choices": row.get("choices", []),
        "condition": row.get("condition", {}),
        "carry_from": row.get("carry_from", []),
        "required": bool(row.get("required", False)),
        "min_length": row.get("min_length"),
        "max_length": row.get("max_length"),
    }


@transaction.atomic
def load_reference_checklists(*, actor: Any = None) -> dict[str, int]:
    """Create or update the questions of cycles 1 and 2 from data/cycle*.json. Idempotent."""
    articles = {a.number: a.pk for a in Article.objects.all()}
    counts = {"questions": 0, "created": 0}
    existing = {(q.cycle_id, q.code): q for q in Question.objects.filter(cycle__number__in=(1, 2))}
    new: list[Question] = []
    changed: list[Question] = []
    fields: list[str] = []
    for number in (1, 2):
        spec = json.loads(
            resources.files("irm.checklists")
            .joinpath("data", f"cycle{number}.json")
            .read_text(encoding="utf-8")
        )
        cycle = Cycle.objects.filter(number=spec["cycle"]).first()
        if cycle is None:
            continue
        for row in spec["questions"]:
            values = _question_values(row, articles)
            fields = list(values)
            question = existing.get((cycle.pk, row["code"]))
            if question is None:
                new.append(Question(cycle=cycle, code=row["code"], **values))
            elif any(getattr(question, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(question, key, value)
                changed.append(question)
            counts["questions"] += 1
    # In one go (about 650 questions): one statement each was half of loading the reference data.
    Question.objects.bulk_create(new, batch_size=500)
    Question.objects.bulk_update(changed, fields, batch_size=500)
    counts["created"] = len(new)
    if counts["created"]:
        record_event(
            actor=actor,
            action="checklists.reference_loaded",
            object_type="checklists.question",
            after=counts,
        )
    return counts


# --- helpers ----------------------------------------------------------------------------------


def _lock_checklist(
    checklist: Checklist, *, exclusive: bool = False, article_id: int | None = None
) -> Checklist:
    """Re-read the checklist under a lock: shared for saves, exclusive for submission/reopening.

    Saves take FOR SHARE so that many contributors save at once, while a submission (FOR UPDATE)
    waits for saves in flight and no save slips in after the snapshot. SQLite serialises writes.
    With `article_id` (a save on PostgreSQL) the same statement says whether that article is accepted
    (`article_accepted`), so that a save reopens it without a statement of its own when it is not.
    """
    if exclusive or connection.vendor != "postgresql":
        return Checklist.objects.select_for_update().select_related("review").get(pk=checklist.pk)
    sql = f"SELECT * FROM {Checklist._meta.db_table} WHERE id = %s FOR SHARE"  # noqa: S608 (the model's table)
    params: list[Any] = [checklist.pk]
    if article_id is not None:  # and whether that article was accepted, in the same statement
        sql = (
            f"SELECT c.*, EXISTS (SELECT 1 FROM {ArticleReview._meta.db_table} r WHERE r.checklist_id = c.id"  # noqa: S608
            f" AND r.article_id = %s AND r.status = %s) AS article_accepted"
            f" FROM {Checklist._meta.db_table} c WHERE c.id = %s FOR SHARE OF c"
        )
        params = [article_id, ArticleReview.Status.ACCEPTED.value, checklist.pk]
    locked = next(iter(Checklist.objects.raw(sql, params)), None)
    if locked is None:
        raise Checklist.DoesNotExist
    if checklist.review_id == locked.review_id and Checklist.review.is_cached(checklist):
        Checklist.review.field.set_cached_value(locked, checklist.review)  # one statement, not two
    return locked


def _require_draft(checklist: Checklist) -> None:
    if checklist.is_locked:
        raise Conflict(
            "The answer was submitted and is locked; the focal point can reopen it for a new version.",
            code="checklist_locked",
        )


def _reopen_article_decision(checklist: Checklist, article_id: int) -> None:
    """A change after acceptance sends the article back to the focal point."""
    if getattr(checklist, "article_accepted", None) is False:  # read with the lock: nothing to reopen
        return
    ArticleReview.objects.filter(
        checklist=checklist, article_id=article_id, status=ArticleReview.Status.ACCEPTED
    ).update(status=ArticleReview.Status.OPEN, decided_at=timezone.now())


def _conflict(question: Question, current: Answer, your_value: Any, base_version: int) -> Conflict:
    editor = current.updated_by
    return Conflict(
        "Someone saved this answer after you opened it. Both versions are shown: merge them and save again.",
        code="edit_conflict",
        details={
            "question": question.code,
            "your_version": base_version,
            "your_value": your_value,
            "current_version": current.version,
            "current_value": current.value,
            "updated_by": (editor.get_full_name() or editor.get_username()) if editor else "",
            "updated_at": current.updated_at.isoformat() if current.updated_at else None,
        },
    )


# --- starting and assigning -------------------------------------------------------------------


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


def _article_of(checklist: Checklist, article: Article) -> Article:
    if not Question.objects.filter(cycle_id=checklist.review.cycle_id, article=article).exists():
        raise InvalidInput(f"Article {article.number} is not in this cycle's checklist.", code="not_in_cycle")
    return article


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


# --- answering --------------------------------------------------------------------------------


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


# --- needs and stakeholders ------------------------------------------------------------------


def save_need(
    *,
    actor: Any,
    checklist: Checklist,
    text: str,
    category_codes: list[str],
    need: TANeed | None = None,
    base_version: int = 0,
    article: Article | None = None,
    chapter: Chapter | None = None,
    priority: str = Priority.MEDIUM,
    receiving_assistance: bool = False,
    assistance_from: str = "",
) -> TANeed:
    """Create a need (need=None) or change one (optimistic: base_version must be the current one)."""
    if article is not None and chapter is not None:
        raise InvalidInput("A need is for an article, a chapter in general, or neither.", code="invalid_need")
    if article is not None:
        _article_of(checklist, article)
    if chapter is not None and not checklist.review.cycle.chapters.filter(pk=chapter.pk).exists():
        raise InvalidInput("That chapter is not reviewed in this cycle.", code="invalid_need")
    if not permissions.can_edit_need(actor, checklist, article):
        raise PermissionDenied("You cannot record needs here.")
    # General and chapter needs (no article) belong to the focal point: a contributor may neither change
    # them nor move them onto an assigned article.
    if need is not None and (
        need.checklist_id != checklist.pk or not permissions.can_edit_need(actor, checklist, need.article)
    ):
        raise PermissionDenied("You cannot change this need.")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Describe the need.", code="invalid_need")
    if priority not in Priority.values:
        raise InvalidInput("Unknown priority.", code="invalid_need")
    categories = list(TACategory.objects.filter(cycle_id=checklist.review.cycle_id, code__in=category_codes))
    if not categories or len(categories) != len(set(category_codes)):
        raise InvalidInput("Choose one or more categories of this cycle.", code="invalid_need")
    if receiving_assistance and not assistance_from.strip():
        raise InvalidInput("Say from whom assistance is received.", code="invalid_need")
    with transaction.atomic():
        checklist = _lock_checklist(checklist)
        _require_draft(checklist)
        fields = {
            "article": article,
            "chapter": chapter,
            "text": text,
            "priority": priority,
            "receiving_assistance": receiving_assistance,
            "assistance_from": assistance_from.strip() if receiving_assistance else "",
        }
        if need is None:
            need = TANeed.objects.create(checklist=checklist, updated_by=actor, **fields)
            before = None
        else:
            updated = TANeed.objects.filter(pk=need.pk, checklist=checklist, version=base_version).update(
                version=base_version + 1,
                carried_over=False,
                updated_by=actor,
                updated_at=timezone.now(),
                **fields,
            )
            if not updated:
                raise Conflict(
                    "Someone changed this need after you opened it; reload it.", code="edit_conflict"
                )
            before = {"version": base_version}
            need.refresh_from_db()
        need.categories.set(categories)
        record_event(
            actor=actor,
            action="checklists.need_saved",
            obj=need,
            before=before,
            after={
                "article": article.number if article else None,
                "chapter": chapter.number if chapter else None,
                "categories": sorted(c.code for c in categories),
                "priority": priority,
                "version": need.version,
            },
        )
    return need


@transaction.atomic
def delete_need(*, actor: Any, need: TANeed) -> None:
    checklist = _lock_checklist(need.checklist)
    _require_draft(checklist)
    if not permissions.can_edit_need(actor, checklist, need.article):
        raise PermissionDenied("You cannot change this need.")
    record_event(actor=actor, action="checklists.need_deleted", obj=need, before={"text": need.text[:200]})
    need.delete()


@transaction.atomic
def add_stakeholder(*, actor: Any, checklist: Checklist, name: str, kind: str, how: str = "") -> Stakeholder:
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point records the stakeholders consulted.")
    checklist = _lock_checklist(checklist)
    _require_draft(checklist)
    if not name.strip() or kind not in Stakeholder.Kind.values:
        raise InvalidInput("Give the stakeholder's name and kind.", code="invalid_stakeholder")
    stakeholder = Stakeholder.objects.create(
        checklist=checklist, name=name.strip(), kind=kind, how=how.strip(), created_by=actor
    )
    record_event(actor=actor, action="checklists.stakeholder_added", obj=stakeholder, after={"kind": kind})
    return stakeholder


@transaction.atomic
def delete_stakeholder(*, actor: Any, stakeholder: Stakeholder) -> None:
    if not permissions.can_manage(actor, stakeholder.checklist):
        raise PermissionDenied("Only the focal point records the stakeholders consulted.")
    _require_draft(_lock_checklist(stakeholder.checklist))
    record_event(
        actor=actor,
        action="checklists.stakeholder_removed",
        obj=stakeholder,
        before={"name": stakeholder.name},
    )
    stakeholder.delete()


# --- the focal point's decisions ----------------------------------------------------------------


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


# --- carry-over ---------------------------------------------------------------------------------


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


# --- submission and versions --------------------------------------------------------------------


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


# --- desk review ----------------------------------------------------------------------------------


def _side(actor: Any, checklist: Checklist) -> str:
    role = permissions.role_on(actor, checklist.review)
    if role == permissions.EXPERT:
        return Message.Side.EXPERT
    if role == permissions.SECRETARIAT:
        return Message.Side.SECRETARIAT
    return Message.Side.STATE


@transaction.atomic
def ask_question(*, actor: Any, checklist: Checklist, article: Article, body: str) -> Thread:
    if not permissions.can_ask(actor, checklist):
        raise PermissionDenied("Only reviewing experts ask questions on a submitted answer.")
    _article_of(checklist, article)
    if not body.strip():
        raise InvalidInput("The question is empty.", code="empty_message")
    thread = Thread.objects.create(checklist=checklist, article=article, opened_by=actor)
    Message.objects.create(thread=thread, author=actor, side=_side(actor, checklist), body=body.strip())
    record_event(
        actor=actor, action="checklists.question_asked", obj=thread, after={"article": article.number}
    )
    return thread


@transaction.atomic
def reply_to_thread(*, actor: Any, thread: Thread, body: str) -> Message:
    if not permissions.can_reply(actor, thread):
        raise PermissionDenied("You cannot answer in this thread.")
    if not body.strip():
        raise InvalidInput("The message is empty.", code="empty_message")
    message = Message.objects.create(
        thread=thread, author=actor, side=_side(actor, thread.checklist), body=body.strip()
    )
    record_event(actor=actor, action="checklists.thread_replied", obj=thread, after={"side": message.side})
    return message


# --- import ----------------------------------------------------------------------------------------


def import_checklist_xlsx(
    *,
    actor: Any,
    checklist: Checklist,
    content: bytes,
    filename: str = "checklist.xlsx",
    apply_conflicts: Collection[str] = (),
    dry_run: bool = False,
) -> ImportResult:
    """Import a workbook of `documents.xlsx_bytes`; never overwrites work done since the export.

    Read and checked before the transaction opens (all cell errors together: InvalidInput "import_errors",
    nothing changes); then, under the checklist's lock, rows are compared with what is stored
    (`imports.plan_import`): changes are applied; conflicts (changed or deleted since the export) only
    when named in `apply_conflicts` ("Answers:12", "Needs:3"). `dry_run` returns the preview only.
    """
    if not permissions.can_manage(actor, checklist):
        raise PermissionDenied("Only the focal point imports an answer.")
    parsed = imports.parse_workbook(checklist, content, filename)
    if parsed.errors:
        raise InvalidInput(
            f"The workbook has {len(parsed.errors)} error(s); nothing was imported.",
            code="import_errors",
            details={"errors": parsed.errors},
        )
    with transaction.atomic():
        checklist = _lock_checklist(checklist, exclusive=True)
        _require_draft(checklist)
        result = imports.plan_import(checklist, parsed)
        result.choose(apply_conflicts)
        if dry_run:
            return result
        _apply_import(actor, checklist, result)
        result.applied = True
        record_event(actor=actor, action="checklists.imported", obj=checklist, after=result.summary())
    return result


def _apply_import(actor: Any, checklist: Checklist, result: ImportResult) -> None:
    questions = {q.code: q for q in Question.objects.filter(cycle_id=checklist.review.cycle_id)}
    scope = {
        "articles": {a.number: a for a in articles_of(checklist)},
        "chapters": {c.number: c for c in checklist.review.cycle.chapters.all()},
        "categories": {c.code: c for c in checklist.review.cycle.ta_categories.all()},
    }
    request_reindex(kind="checklist", object_ids=[checklist.pk])
    for row in (r for r in result.rows if r.applied):
        if row.sheet == imports.ANSWERS:
            _import_answer(actor, checklist, questions[row.source.code], row)
        elif row.sheet == imports.NEEDS:
            _import_need(actor, checklist, row, scope)
        else:
            _import_stakeholder(actor, checklist, row)


def _import_answer(actor: Any, checklist: Checklist, question: Question, row: imports.PlannedRow) -> None:
    value = _clean_value(question, row.source.value)
    answer = row.target
    if answer is None:
        Answer.objects.create(checklist=checklist, question=question, value=value, updated_by=actor)
    else:
        _next_version(answer, value=value, carried_over=False, updated_by=actor)
    _reopen_article_decision(checklist, question.article_id)


def _import_need(actor: Any, checklist: Checklist, row: imports.PlannedRow, scope: dict[str, Any]) -> None:
    need = row.target
    if row.action == "delete":
        need.delete()
        return
    fields = dict(row.source.fields)
    categories = [scope["categories"][c] for c in fields.pop("categories")]
    fields["article"] = scope["articles"].get(fields["article"]) if fields["article"] else None
    fields["chapter"] = scope["chapters"].get(fields["chapter"]) if fields["chapter"] else None
    if need is None:
        need = TANeed.objects.create(checklist=checklist, updated_by=actor, **fields)
    else:
        _next_version(need, **fields, carried_over=False, updated_by=actor)
    need.categories.set(categories)


def _import_stakeholder(actor: Any, checklist: Checklist, row: imports.PlannedRow) -> None:
    stakeholder = row.target
    if row.action == "delete":
        stakeholder.delete()
    elif stakeholder is None:
        Stakeholder.objects.create(checklist=checklist, created_by=actor, **row.source.fields)
    else:
        _next_version(stakeholder, **row.source.fields)


def _next_version(obj: Answer | TANeed | Stakeholder, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version += 1
    obj.save()
