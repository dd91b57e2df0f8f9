"""E-mail reminders before and after a stage is due, repeated until it is done, then escalated.

Rule R-T3 (docs/RULES.md): one reminder `REMIND_DAYS_BEFORE` days before the due date; once the stage
is overdue, a reminder every `Cycle.reminder_every_days` (7 by default) for as long as the stage is not
done; and when it is `Cycle.escalate_after_days` (28 by default) overdue, the secretariat is alerted
once (per due date). The period and the delay are the project's settings, not adopted numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.reviews.models import (
    Milestone,
    Reminder,
    Review,
    Stage,
)
from irm.reviews.services._common import (
    _today,
)
from irm.reviews.services.planning import refresh_due_dates
from irm.reviews.timeline import (
    next_stage,
)

# --- reminders ----------------------------------------------------------------------------------

#: A reminder goes out this many days before a stage is due; after it, the cycle's settings say how
#: often (`Cycle.reminder_every_days`) and when the secretariat is alerted (`Cycle.escalate_after_days`).
REMIND_DAYS_BEFORE = 7


@dataclass(frozen=True)
class _Due:
    """One reminder to send about a milestone: its kind and its repeat number."""

    kind: str
    sequence: int
    days_late: int


def reminder_due(milestone: Milestone, as_of: date) -> list[_Due]:
    """The reminders a milestone calls for on `as_of` (before, the current overdue repeat, escalation).

    The overdue repeat is counted from the day after the due date: repeat 0 on days 1 … period,
    repeat 1 from day period + 1, and so on, so a missed run sends only the latest repeat.
    """
    due_on = milestone.due_on
    if due_on is None:
        return []
    late = (as_of - due_on).days
    if late <= 0:
        return [_Due(Reminder.Kind.BEFORE, 0, late)] if -late <= REMIND_DAYS_BEFORE else []
    cycle = milestone.review.cycle
    every = max(1, cycle.reminder_every_days)
    found = [_Due(Reminder.Kind.OVERDUE, (late - 1) // every, late)]
    if late >= max(1, cycle.escalate_after_days):
        found.append(_Due(Reminder.Kind.ESCALATED, 0, late))
    return found


def _message(kind: str, review: Review, milestone: Milestone, days_late: int) -> tuple[str, str]:
    from django.utils.translation import gettext as _

    stage_label = Stage(milestone.stage).label
    due = milestone.due_on.isoformat() if milestone.due_on else ""
    names = {"stage": stage_label, "state": review.state.name, "due": due, "days": days_late}
    if kind == Reminder.Kind.ESCALATED:
        subject = _("Escalated: %(stage)s — review of %(state)s, %(days)s days overdue") % names
        body = (
            _(
                "“%(stage)s” was due on %(due)s and is still not done %(days)s days later. The people "
                "responsible have been reminded regularly; the secretariat is alerted to follow it up."
            )
            % names
        )
    elif kind == Reminder.Kind.OVERDUE:
        subject = _("Overdue: %(stage)s — review of %(state)s") % names
        body = _("“%(stage)s” was due on %(due)s (%(days)s days ago).") % names
    else:
        subject = _("Due on %(due)s: %(stage)s — review of %(state)s") % names
        body = _("“%(stage)s” is due on %(due)s.") % names
    return subject, body


def _send(milestone: Milestone, due_on: date, user: Any, due: _Due) -> bool:
    """Send one reminder and record it in one transaction; False when it was sent meanwhile."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.db import IntegrityError
    from django.utils import translation

    review = milestone.review
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject, body = _message(due.kind, review, milestone, due.days_late)
    link = f"{settings.SITE_URL}/reviews/{review.cycle.number}/{review.state.iso3}/workflow/"
    body = f"{body}\n\n{review}\n{link}\n"
    try:
        with transaction.atomic():
            Reminder.objects.create(
                milestone=milestone, user=user, kind=due.kind, due_on=due_on, sequence=due.sequence
            )
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
            record_event(
                actor=None,
                action=f"review.reminder_{due.kind}",
                obj=review,
                after={
                    "stage": milestone.stage,
                    "due_on": due_on,
                    "to": user.get_username(),
                    "repeat": due.sequence,
                    "days_late": max(0, due.days_late),
                },
            )
    except IntegrityError:  # another worker sent it meanwhile
        return False
    return True


def send_due_reminders(*, as_of: date | None = None) -> dict[str, int]:
    """E-mail the people responsible for each review's open stage before its due date and every
    period after it until it is done; alert the secretariat once it is overdue by the set delay.

    Each (milestone, person, kind, due date, repeat) is sent once: the Reminder row is written in the
    same transaction as the sending, so a failed send is retried on the next run and a sent one never
    is. A new due date (after a recorded delay) gives new reminders.
    """
    from django.db.models import Count

    from irm.reviews.selectors import escalation_recipients, is_finished, responsible_for

    as_of = as_of or _today()
    # Reviews written by other apps (a new draw, an import) may lack their milestones: plan them first.
    incomplete = Review.objects.annotate(planned=Count("milestones")).filter(planned__lt=len(Stage))
    for pending in incomplete.filter(is_suspended=False).order_by("pk"):
        refresh_due_dates(actor=None, review=pending)
    candidates = (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_on__lte=as_of + timedelta(days=REMIND_DAYS_BEFORE),
            review__is_suspended=False,
        )
        .select_related("review__state", "review__cycle")
        .order_by("due_on", "pk")
    )
    counts = {"before": 0, "overdue": 0, "escalated": 0, "skipped": 0}
    secretariat: list[Any] | None = None
    for milestone in candidates:
        review = milestone.review
        due_on = milestone.due_on
        if due_on is None or is_finished(review) or next_stage(review) != milestone.stage:
            continue  # only the stage the review is waiting for; a finished review is never overdue
        for due in reminder_due(milestone, as_of):
            if due.kind == Reminder.Kind.ESCALATED:
                secretariat = escalation_recipients() if secretariat is None else secretariat
                people = secretariat
            else:
                people = responsible_for(review, Stage(milestone.stage))
            already = set(
                Reminder.objects.filter(
                    milestone=milestone, kind=due.kind, due_on=due_on, sequence=due.sequence
                ).values_list("user_id", flat=True)
            )
            for user in people:
                sent = user.pk not in already and _send(milestone, due_on, user, due)
                counts[str(due.kind) if sent else "skipped"] += 1
    return counts
