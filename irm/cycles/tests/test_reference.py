"""The review cycles as reference data: what each reviews, its years and shares, its extensions (a
proposal is not a decision), its technical-assistance categories; loaded idempotently, served by the API."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from django.test import Client

from irm.cycles import services
from irm.cycles.models import Cycle, CycleExtension, TACategory

pytestmark = pytest.mark.django_db


def _specs() -> list[dict]:
    return json.loads(resources.files("irm.cycles").joinpath("data", "cycles.json").read_text("utf-8"))


def test_each_cycle_reviews_its_chapters_and_articles():
    one, two = Cycle.objects.get(number=1), Cycle.objects.get(number=2)
    assert sorted(c.number for c in one.chapters.all()) == [3, 4]
    assert sorted(c.number for c in two.chapters.all()) == [2, 5]
    assert sorted(a.number for a in one.articles.all()) == [*range(15, 43), *range(44, 51)]
    assert sorted(a.number for a in two.articles.all()) == [*range(5, 15), *range(51, 60)]
    # Resolution 6/1: one fifth of the parties a year in cycle 2.
    assert two.year_shares == [0.2] * 5 and sum(one.year_shares) == pytest.approx(1.0)


def test_every_value_names_its_source_and_the_threshold_is_a_setting():
    for spec in _specs():
        assert spec["source"] and spec["reio_source"] and spec["reminders_source"], spec["number"]
        cycle = Cycle.objects.get(number=spec["number"])
        assert cycle.completion_threshold == Decimal(spec["completion_threshold"])
    for category in TACategory.objects.all():
        assert category.name_en, category.code


def test_a_proposed_extension_is_not_decided():
    extensions = {e.until: e for e in CycleExtension.objects.filter(cycle__number=2)}
    assert extensions[date(2024, 6, 30)].status == CycleExtension.Status.DECIDED
    assert extensions[date(2025, 12, 31)].status != CycleExtension.Status.DECIDED
    assert "S000 ¶18" in extensions[date(2025, 12, 31)].decision


def test_loading_again_changes_nothing():
    before = sorted(TACategory.objects.values_list("pk", "cycle__number", "code", "order"))
    counts = services.load_reference_cycles()
    assert counts["cycles"] == 2 and counts["categories"] == len(before)
    assert sorted(TACategory.objects.values_list("pk", "cycle__number", "code", "order")) == before
    assert CycleExtension.objects.filter(cycle__number=2).count() == 2


def test_the_api_gives_the_cycles_and_their_categories():
    client = Client()
    cycles = client.get("/api/v1/cycles/").json()
    assert [c["number"] for c in cycles] == [1, 2]
    categories = client.get("/api/v1/cycles/2/categories").json()
    assert categories and len({c["code"] for c in categories}) == len(categories)
    assert client.get("/api/v1/cycles/9").json()["code"] == "not_found"


def test_every_value_fits_its_column():
    """SQLite does not enforce a column's length; PostgreSQL refuses the whole load (irm init)."""
    for spec in _specs():
        for name, value in spec.items():
            if not isinstance(value, str):
                continue
            field = Cycle._meta.get_field(name)
            limit = getattr(field, "max_length", None)
            assert limit is None or len(value) <= limit, f"cycles.json cycle {spec['number']}: {name}"
