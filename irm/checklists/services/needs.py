"""Technical-assistance needs and the stakeholders consulted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.checklists import permissions
from irm.checklists.models import (
    Checklist,
    Priority,
    Stakeholder,
    TANeed,
)
from irm.checklists.services._common import _article_of, _lock_checklist, _require_draft
from irm.convention.models import Article, Chapter
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.cycles.models import TACategory

# --- needs and stakeholders -----------------------------------------------------------------------


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
