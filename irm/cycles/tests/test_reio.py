"""The European Union per cycle: reviewed where the cycle says so; not a reviewer by default (docs/RULES.md R-P5)."""

from __future__ import annotations

import pytest

from irm.cycles.models import Cycle
from irm.cycles.selectors import may_be_reviewed, may_review
from irm.parties.models import State

pytestmark = pytest.mark.django_db


def test_the_eu_was_reviewed_on_chapters_three_and_four_and_is_not_a_reviewer():
    eu, kenya = State.objects.get(iso3="EUU"), State.objects.get(iso3="KEN")
    cycle1, cycle2 = Cycle.objects.get(number=1), Cycle.objects.get(number=2)
    assert may_be_reviewed(cycle1, eu) and not may_be_reviewed(cycle2, eu)
    assert not may_review(cycle1, eu) and not may_review(cycle2, eu)
    assert may_be_reviewed(cycle2, kenya) and may_review(cycle2, kenya)
    assert "Czechia and Niue" in cycle1.reio_source


def test_not_a_reviewer_is_the_default_of_a_new_cycle():
    assert Cycle._meta.get_field("reio_eligible_as_reviewer").default is False
    assert Cycle._meta.get_field("reio_under_review").default is False
