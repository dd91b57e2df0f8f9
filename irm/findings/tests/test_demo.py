"""The findings demo: seeded, idempotent, and tolerant of missing reviews."""

from __future__ import annotations

import io
from datetime import date

import pytest

from irm.findings import demo
from irm.findings.models import Finding
from irm.findings.tests.conftest import make_review
from irm.parties.models import RegionalGroup, State

pytestmark = pytest.mark.django_db


def _agreed_reviews(n: int = 30):
    states = list(State.objects.exclude(iso3__in=["NZL", "FRA"]).order_by("iso3")[:n])
    return [make_review(s.iso3, agreed_on=date(2022, 6, 1)) for s in states]


def test_demo_without_reviews_does_nothing():
    demo.load(stdout=io.StringIO())
    assert not Finding.objects.exists()


def test_demo_gives_needs_with_categories_and_is_idempotent(cast):
    _agreed_reviews()
    demo.load(stdout=io.StringIO())
    count = Finding.objects.count()
    needs = Finding.objects.filter(type="ta_need")
    assert count > 100 and needs.exists()
    assert not needs.filter(categories__isnull=True).exists()
    assert not needs.filter(primary_category__isnull=True).exists()
    assert Finding.objects.filter(type="recommendation", answers__type="challenge").exists()
    assert needs.filter(chapter__number=2).count() > needs.filter(chapter__number=5).count()
    demo.load(stdout=io.StringIO())
    assert Finding.objects.count() == count


def test_demo_is_deterministic(cast):
    reviews = _agreed_reviews(10)
    demo.load(stdout=io.StringIO())
    first = sorted(Finding.objects.values_list("review__state__iso3", "type", "text"))
    Finding.objects.filter(review__in=reviews).delete()
    demo.load(stdout=io.StringIO())
    assert sorted(Finding.objects.values_list("review__state__iso3", "type", "text")) == first


def test_capacity_building_is_the_most_frequent_cycle_2_category(cast):
    africa = State.objects.filter(regional_group=RegionalGroup.AFRICA).order_by("iso3")[:25]
    for s in africa:
        make_review(s.iso3, agreed_on=date(2022, 6, 1), reviewers=("NZL", "FRA"))
    demo.load(stdout=io.StringIO())
    from django.db.models import Count

    top = (
        Finding.objects.filter(type="ta_need")
        .values("primary_category__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert top["primary_category__code"] == "capacity_building"
