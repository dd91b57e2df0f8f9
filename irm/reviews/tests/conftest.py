from __future__ import annotations

from datetime import date

import pytest

from irm.accounts.models import Membership, Role, User
from irm.cycles.models import Cycle
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The demo cast is created in every test: a fast hasher keeps the suite within its budget."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def states(db):
    return {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "FRA", "BRA", "UGA", "CHN"])}


@pytest.fixture
def cycle2(db):
    return Cycle.objects.get(number=2)


@pytest.fixture
def kenya_review(cast, states, cycle2):
    """Kenya's cycle-2 review, drawn on 2024-06-03 and notified the same day (its start), reviewed by
    Uganda and New Zealand."""
    review = Review.objects.create(
        cycle=cycle2, state=states["KEN"], year=5, reviewer_1=states["UGA"], reviewer_2=states["NZL"]
    )
    Milestone.objects.create(review=review, stage=Stage.LOTS_DRAWN, done_on=date(2024, 6, 3))
    Milestone.objects.create(review=review, stage=Stage.REVIEW_NOTIFIED, done_on=date(2024, 6, 3))
    return review


@pytest.fixture
def make_user(db):
    def make(username: str, role: str | None = None, iso3: str | None = None, email: bool = True) -> User:
        user = User.objects.create_user(
            username, email=f"{username}@example.org" if email else "", password="x"
        )
        if role:
            Membership.objects.create(
                user=user, role=role, state=State.objects.get(iso3=iso3) if iso3 else None
            )
        return user

    return make


__all__ = ["Role"]


START = date(2024, 6, 3)


def bring_to(review: Review, stage: Stage, *, actor: User, expert: User | None = None) -> Review:
    """Set the review up as if it had gone through every stage up to `stage` (test set-up: written
    directly, one week per stage from the draw on 2024-06-03; the services are what the tests test).
    """
    from datetime import timedelta

    from irm.reviews import services
    from irm.reviews.models import DialogueType, DirectDialogue, ExpertNomination, ReviewExpert

    review.refresh_from_db()
    if expert is not None:
        nzl = State.objects.get(iso3="NZL")
        ExpertNomination.objects.get_or_create(state=nzl, user=expert, defaults={"nominated_on": START})
        ReviewExpert.objects.get_or_create(review=review, user=expert, defaults={"state": nzl})
    if stage.index >= Stage.FOCAL_POINT_NOMINATED.index and review.focal_point_id is None:
        review.focal_point = User.objects.get(username="fp-kenya")
    if stage.index >= Stage.DIRECT_DIALOGUE_HELD.index:
        DirectDialogue.objects.get_or_create(
            review=review,
            defaults={"kind": DialogueType.ON_SITE, "starts_on": START, "other_stakeholders": True},
        )
    if stage.index >= Stage.REPORT_PUBLISHED.index:
        review.report_publication_consent = True
    review.save()
    day = START
    for step in Stage.ordered()[1 : stage.index + 1]:
        day += timedelta(days=7)
        Milestone.objects.update_or_create(review=review, stage=step, defaults={"done_on": day})
    services.refresh_due_dates(actor=actor, review=review)
    review.refresh_from_db()
    return review


def snapshot(review: Review) -> tuple:
    """Everything a refused operation must leave as it was."""
    from irm.core.models import AuditEvent
    from irm.reviews.models import Delay, DirectDialogue, ReviewExpert, Suspension

    review = Review.objects.get(pk=review.pk)
    return (
        review.stage,
        review.is_suspended,
        review.focal_point_id,
        review.report_publication_consent,
        sorted(review.milestones.values_list("stage", "due_on", "done_on")),
        Delay.objects.filter(review=review).count(),
        Suspension.objects.filter(review=review).count(),
        ReviewExpert.objects.filter(review=review).count(),
        DirectDialogue.objects.filter(review=review).count(),
        AuditEvent.objects.count(),
    )
