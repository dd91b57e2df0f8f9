"""factory-boy factories for the rows tests need most: users with a role, reviews with their stages,
findings with articles and categories. Tests may write any app's rows (tests/test_ownership.py exempts
them); the reference data (parties, Convention, cycles) is in every test database already, so the
factories look it up by its natural keys (ISO3, article and cycle numbers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

import factory

from irm.accounts.models import Membership, User
from irm.convention.models import Article, Chapter
from irm.cycles.models import Cycle, TACategory
from irm.findings.models import Finding, FindingType
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage


def state(iso3: str | None) -> State | None:
    return State.objects.get(iso3=iso3) if iso3 else None


class UserFactory(factory.django.DjangoModelFactory):
    """A user (the cast's own is reused: `django_get_or_create`); `role=…, role__iso3=…` gives it a
    membership; no usable password unless `password=` is given (hashing is slow)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if extracted:
            user = cast(User, self)
            user.set_password(extracted)
            user.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if extracted:
            Membership.objects.get_or_create(
                user=cast(User, self), role=extracted, state=state(kwargs.get("iso3"))
            )


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review of `iso3` in cycle `cycle_number` (one per State and cycle: an existing one is reused),
    reviewed by the two States of `reviewers`."""

    class Meta:
        model = Review
        django_get_or_create = ("cycle", "state")

    class Params:
        iso3 = "KEN"
        cycle_number = 2
        reviewers: tuple[str, str] | None = ("NZL", "FRA")

    cycle = factory.LazyAttribute(lambda o: Cycle.objects.get(number=o.cycle_number))
    state = factory.LazyAttribute(lambda o: state(o.iso3))
    year = 1
    reviewer_1 = factory.LazyAttribute(lambda o: state(o.reviewers[0]) if o.reviewers else None)
    reviewer_2 = factory.LazyAttribute(lambda o: state(o.reviewers[1]) if o.reviewers else None)


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A stage of a review done on a day (recording it again changes the day)."""

    class Meta:
        model = Milestone

    review = factory.SubFactory(ReviewFactory)
    stage = Stage.SUMMARY_AGREED
    done_on: date | None = date(2023, 3, 1)

    @classmethod
    def _create(cls, model_class: type[Milestone], *args: Any, **kwargs: Any) -> Milestone:
        review, stage = kwargs.pop("review"), kwargs.pop("stage")
        milestone, _ = model_class.objects.update_or_create(review=review, stage=stage, defaults=kwargs)
        return milestone


def review_with(
    iso3: str = "KEN",
    *,
    cycle: int = 2,
    year: int = 1,
    reviewers: tuple[str, str] | None = ("NZL", "FRA"),
    stages: dict[Stage, date | None] | None = None,
    stage: Stage | None = None,
) -> Review:
    """A review with these stages recorded (and at `stage`, when given)."""
    review = cast(Review, ReviewFactory(iso3=iso3, cycle_number=cycle, year=year, reviewers=reviewers))
    for recorded, day in (stages or {}).items():
        MilestoneFactory(review=review, stage=recorded, done_on=day)
    if stage:
        review.stage = stage
        review.save(update_fields=["stage"])
    return review


class FindingFactory(factory.django.DjangoModelFactory):
    """A finding of a review, with `articles` (numbers) and `categories` (codes of the review's cycle);
    its chapter is the first article's unless `chapter` (a number) is given."""

    class Meta:
        model = Finding
        skip_postgeneration_save = True

    class Params:
        article_numbers: Iterable[int] = ()
        chapter_number: int | None = None

    review = factory.SubFactory(ReviewFactory)
    type = FindingType.TA_NEED
    text = factory.Sequence(lambda n: f"Finding {n}")
    language = "en"
    chapter = factory.LazyAttribute(
        lambda o: (
            Chapter.objects.get(number=o.chapter_number)
            if o.chapter_number
            else (
                Article.objects.get(number=next(iter(o.article_numbers))).chapter
                if o.article_numbers
                else None
            )
        )
    )

    @factory.post_generation
    def articles(self, create: bool, extracted: Iterable[int] | None, **kwargs: Any) -> None:
        numbers = list(extracted or ())
        if numbers:
            cast(Finding, self).articles.set(Article.objects.filter(number__in=numbers))

    @factory.post_generation
    def categories(self, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        codes = list(extracted or ())
        if codes:
            finding = cast(Finding, self)
            finding.categories.set(TACategory.objects.filter(cycle=finding.review.cycle, code__in=codes))


def finding(review: Review, *, articles: Iterable[int] = (), **kwargs: Any) -> Finding:
    """A finding with these articles (the chapter is the first article's)."""
    numbers = list(articles)
    return cast(Finding, FindingFactory(review=review, article_numbers=numbers, articles=numbers, **kwargs))
