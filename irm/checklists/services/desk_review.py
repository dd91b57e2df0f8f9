"""The desk review's questions and replies between the experts and the State."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from irm.checklists import permissions
from irm.checklists.models import (
    Checklist,
    Message,
    Thread,
)
from irm.checklists.services._common import _article_of
from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput, PermissionDenied

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
