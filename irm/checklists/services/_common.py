"""Shared by the sections: the checklist locked in the documented order, the draft check, the version
conflict, and the check that an article is in the cycle's checklist."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from irm.checklists.models import (
    Answer,
    ArticleReview,
    Checklist,
    Question,
)
from irm.convention.models import Article
from irm.core.exceptions import Conflict, InvalidInput

# --- helpers --------------------------------------------------------------------------------------


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


def _article_of(checklist: Checklist, article: Article) -> Article:
    if not Question.objects.filter(cycle_id=checklist.review.cycle_id, article=article).exists():
        raise InvalidInput(f"Article {article.number} is not in this cycle's checklist.", code="not_in_cycle")
    return article
