"""Issue 20 §8: the TA-needs analysis shows, beside each figure of needs, how many were addressed."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from irm.analysis.selectors import NeedsFilter, ta_needs
from irm.assistance import services

pytestmark = pytest.mark.django_db


def test_each_figure_of_needs_has_its_addressed_count_beside_it(cast, kenya, make_input):
    one, two, _three = kenya["needs"]
    activity = services.record_activity(
        actor=cast["secretariat"],
        data=make_input(
            needs=[(one.pk, "full"), (two.pk, "partial")], status="ongoing", starts_on=date(2023, 1, 1)
        ),
    )
    services.validate_activity(actor=cast["secretariat"], activity=activity)
    doc = ta_needs(NeedsFilter(cycle=2, as_of=date(2024, 1, 1)))
    assert doc["needs_total"] == 3 and doc["needs_addressed"] == 2
    assert {r["article"]: r["addressed"] for r in doc["by_article"]} == {9: 1, 10: 1, 12: 0}
    assert sum(r["addressed"] for r in doc["by_chapter"]) == 2
    assert sum(r["addressed"] for r in doc["by_category"]) == 2
    assert sum(r.get("needs_addressed", 0) for r in doc["by_region"]) == 2
    before = ta_needs(NeedsFilter(cycle=2, as_of=date(2022, 12, 31)))
    assert before["needs_addressed"] == 0  # the activity had not started
    narrowed = ta_needs(NeedsFilter(cycle=2, as_of=date(2024, 1, 1), category=kenya["categories"][0].code))
    assert all("addressed" not in r for r in narrowed["by_chapter"])  # would count other categories
    out = StringIO()
    call_command("analysis", "ta-needs", "--cycle", "2", "--as-of", "2024-01-01", stdout=out)
    data = json.loads(out.getvalue())
    assert data["needs_addressed"] == 2 and "needs_total" in data and "by_article" in data


def test_the_analysis_page_shows_the_addressed_column(cast, kenya, make_input):
    from django.test import Client

    client = Client()
    client.force_login(cast["secretariat"])
    page = client.get("/analysis/?cycle=2&as_of=2024-01-01").content.decode()
    assert "Addressed (met or partly met)" in page
