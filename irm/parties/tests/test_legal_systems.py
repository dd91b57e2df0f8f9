"""Legal systems: similar where they share a family — a soft preference of the terms of reference para. 19."""

from __future__ import annotations

import pytest

from irm.parties.models import State
from irm.parties.selectors import legal_systems_similar, similar_legal_system

pytestmark = pytest.mark.django_db


def test_same_family_is_similar_and_a_mixed_system_is_similar_to_each_family_it_mixes():
    assert legal_systems_similar("civil_law", "civil_law")
    assert not legal_systems_similar("civil_law", "common_law")
    assert legal_systems_similar("mixed", "common_law", components_a="civil law, common law")
    assert not legal_systems_similar("mixed", "islamic", components_a="civil law, common law")
    assert not legal_systems_similar("", "civil_law")


def test_every_party_has_a_legal_system_and_the_pairs_read_sensibly():
    assert not State.objects.filter(legal_system="").exists()
    fra, bel, gbr, zaf = (State.objects.get(iso3=c) for c in ("FRA", "BEL", "GBR", "ZAF"))
    assert similar_legal_system(fra, bel) and not similar_legal_system(fra, gbr)
    assert similar_legal_system(zaf, gbr) and similar_legal_system(zaf, fra)  # mixed: civil + common law
