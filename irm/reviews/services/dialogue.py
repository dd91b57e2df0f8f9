"""The direct dialogue: the country visit (on site, online, hybrid) or joint meeting in Vienna, each only
with the agreement of the State under review; otherwise other means of dialogue (docs/RULES.md R-T2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.reviews import permissions
from irm.reviews.models import (
    DialogueType,
    DirectDialogue,
    Review,
)
from irm.reviews.services._common import (
    _lock,
    _require,
)


@transaction.atomic
def record_direct_dialogue(
    *,
    actor: Any,
    review: Review,
    kind: DialogueType | str,
    starts_on: date,
    ends_on: date | None = None,
    participants: str = "",
    other_stakeholders: bool = False,
    state_agreed: bool = False,
) -> DirectDialogue:
    """The country visit (on site, online, hybrid) or joint meeting: kind, dates, who took part.

    A country visit or a joint meeting in Vienna needs the agreement of the State under review
    (`state_agreed`); without it the dialogue is held by other means (`DialogueType.OTHER_MEANS`).
    """
    review = _lock(review)
    _require(
        permissions.can_record_dialogue(actor, review),
        "Only the secretariat or the review's experts record the direct dialogue.",
    )
    if kind not in DialogueType.values:
        raise InvalidInput(f"Unknown kind of dialogue {kind!r}.", code="invalid_kind")
    if kind in DialogueType.needs_agreement() and not state_agreed:
        raise Conflict(
            "A country visit or a joint meeting in Vienna takes place only with the agreement of the "
            "State under review; record its agreement, or other means of dialogue.",
            code="no_state_agreement",
        )
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("The dialogue ends before it starts.", code="date_out_of_order")
    existing = DirectDialogue.objects.filter(review=review).first()
    before = (
        {
            "kind": existing.kind,
            "starts_on": existing.starts_on,
            "ends_on": existing.ends_on,
            "other_stakeholders": existing.other_stakeholders,
            "state_agreed": existing.state_agreed,
        }
        if existing
        else None
    )
    dialogue, _ = DirectDialogue.objects.update_or_create(
        review=review,
        defaults={
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on or starts_on,
            "participants": participants,
            "other_stakeholders": other_stakeholders,
            "state_agreed": state_agreed,
        },
    )
    record_event(
        actor=actor,
        action="review.dialogue_recorded",
        obj=review,
        before=before,
        after={
            "kind": str(kind),
            "starts_on": starts_on,
            "ends_on": dialogue.ends_on,
            "other_stakeholders": other_stakeholders,
            "state_agreed": state_agreed,
        },
    )
    return dialogue
