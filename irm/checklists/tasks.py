"""Background work of the checklists app: thin and idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from irm.accounts.models import Membership, Role
from irm.checklists.models import Submission
from irm.reviews.models import ReviewExpert


def submission_recipients(submission: Submission) -> list[str]:
    """The reviewing experts of the review and the secretariat (addresses, each once)."""
    review = submission.checklist.review
    experts = ReviewExpert.objects.filter(review=review).values_list("user__email", flat=True)
    secretariat = Membership.objects.filter(role=Role.SECRETARIAT).values_list("user__email", flat=True)
    return sorted({e for e in [*experts, *secretariat] if e})


@task
def notify_submission(submission_id: int) -> int:
    """E-mail everyone concerned that a version was submitted; one message each (no shared list)."""
    submission = (
        Submission.objects.select_related("checklist__review__state", "checklist__review__cycle")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.notified_at is not None:
        return 0
    review = submission.checklist.review
    link = f"{settings.SITE_URL.rstrip('/')}/checklists/{submission.checklist_id}/"
    subject = f"[irm] {review.state.name_en}: checklist answer submitted (version {submission.number})"
    body = (
        f"{review.state.name_en} submitted version {submission.number} of its answer to the "
        f"self-assessment checklist of {review.cycle.name_en} on "
        f"{submission.submitted_at:%Y-%m-%d %H:%M} UTC.\n\n"
        f"Read it (login required): {link}\n"
    )
    messages = [
        EmailMessage(subject=subject, body=body, from_email=None, to=[address])
        for address in submission_recipients(submission)
    ]
    for message in messages:
        message.send()
    Submission.objects.filter(pk=submission.pk).update(notified_at=timezone.now())
    return len(messages)
