"""E-mail reminders before and after a stage is due."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from irm.core.audit import record_event
from irm.reviews.models import (
    Milestone,
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

#: A reminder goes out this many days before a stage is due…
REMIND_DAYS_BEFORE = 7
#: …and once when it is overdue, if it became overdue within this many days (older delays are
#: followed in the overview, not by e-mail every time the task runs).
REMIND_OVERDUE_WITHIN_DAYS = 30


def send_due_reminders(*, as_of: date | None = None) -> dict[str, int]:
    """E-mail the people responsible for each review's open stage before and after its due date.

    Each (milestone, person, kind, due date) is sent once: the Reminder row is written in the same
    transaction as the sending, so a failed send is retried on the next run and a sent one never is.
    A new due date (after a recorded delay) gives new reminders.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.db import IntegrityError
    from django.utils import translation
    from django.utils.translation import gettext as _

    from irm.reviews.models import Reminder
    from irm.reviews.selectors import responsible_for

    as_of = as_of or _today()
    # Reviews written by other apps (a new draw, an import) may lack their milestones: plan them first.
    from django.db.models import Count

    incomplete = Review.objects.annotate(planned=Count("milestones")).filter(planned__lt=len(Stage))
    for pending in incomplete.filter(is_suspended=False).order_by("pk"):
        refresh_due_dates(actor=None, review=pending)
    window = (
        as_of - timedelta(days=REMIND_OVERDUE_WITHIN_DAYS),
        as_of + timedelta(days=REMIND_DAYS_BEFORE),
    )
    candidates = (
        Milestone.objects.filter(done_on__isnull=True, due_on__range=window, review__is_suspended=False)
        .select_related("review__state", "review__cycle")
        .order_by("due_on", "pk")
    )
    counts = {"before": 0, "overdue": 0, "skipped": 0}
    for milestone in candidates:
        review = milestone.review
        if next_stage(review) != milestone.stage:
            continue  # only the stage the review is waiting for
        due_on = milestone.due_on
        if due_on is None:
            raise RuntimeError("expected due_on is not None")
        kind = Reminder.Kind.OVERDUE if as_of > due_on else Reminder.Kind.BEFORE
        already = set(
            Reminder.objects.filter(milestone=milestone, kind=kind, due_on=due_on).values_list(
                "user_id", flat=True
            )
        )
        for user in responsible_for(review, Stage(milestone.stage)):
            if user.pk in already:
                counts["skipped"] += 1
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                stage_label = Stage(milestone.stage).label
                if kind == Reminder.Kind.OVERDUE:
                    subject = _("Overdue: %(stage)s — review of %(state)s") % {
                        "stage": stage_label,
                        "state": review.state.name,
                    }
                    body = _("“%(stage)s” was due on %(due)s (%(days)s days ago).") % {
                        "stage": stage_label,
                        "due": due_on.isoformat(),
                        "days": (as_of - due_on).days,
                    }
                else:
                    subject = _("Due on %(due)s: %(stage)s — review of %(state)s") % {
                        "stage": stage_label,
                        "state": review.state.name,
                        "due": due_on.isoformat(),
                    }
                    body = _("“%(stage)s” is due on %(due)s.") % {
                        "stage": stage_label,
                        "due": due_on.isoformat(),
                    }
                link = f"{settings.SITE_URL}/reviews/{review.cycle.number}/{review.state.iso3}/workflow/"
                body = f"{body}\n\n{review}\n{link}\n"
            try:
                with transaction.atomic():
                    Reminder.objects.create(milestone=milestone, user=user, kind=kind, due_on=due_on)
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
                    record_event(
                        actor=None,
                        action=f"review.reminder_{kind}",
                        obj=review,
                        after={"stage": milestone.stage, "due_on": due_on, "to": user.get_username()},
                    )
            except IntegrityError:  # another worker sent it meanwhile
                counts["skipped"] += 1
                continue
            counts[str(kind)] += 1
    return counts
