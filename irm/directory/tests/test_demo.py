"""The demo's directory: illustrative entries of the demo States, some with contacts kept for the
mechanism's people (irm/demo/data/directory.yaml)."""

from __future__ import annotations

import pytest

from irm.directory.models import Entry

pytestmark = pytest.mark.django_db


def test_the_demo_has_entries_and_keeps_restricted_contacts_from_observers(demo, client, cast):
    entries = Entry.objects.select_related("state")
    assert {e.state.iso3 for e in entries} >= {"KEN", "FRA", "CHN", "MEX", "NZL", "RUS"}
    kenya = entries.get(state__iso3="KEN", provision="46.13")
    assert not kenya.contacts_public and kenya.email == "mla.demo@example.org"
    assert "(demo)" in kenya.authority  # invented rows say so
    client.force_login(cast["observer"])
    page = client.get("/directory/?state=KEN").content.decode()
    assert "Office of the Attorney General" in page and "mla.demo@example.org" not in page
    client.force_login(cast["fp-kenya"])
    page = client.get("/directory/?state=KEN").content.decode()
    assert "mla.demo@example.org" in page
