"""The secretariat's page to correct a party's reference data: marks, audited change, no access for others."""

from __future__ import annotations

from datetime import date

import pytest

from irm.core.models import AuditEvent
from irm.parties.models import State, ValueSource

pytestmark = pytest.mark.django_db


def test_secretariat_sees_unverified_values_and_corrects_one(client, cast):
    client.force_login(cast["secretariat"])
    page = client.get("/parties/TON/correct/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "Not confirmed by an official source" in text and "party_by" in text
    answer = client.post(
        "/parties/TON/correct/",
        {
            "field": "party_since",
            "value": "2020-02-04",
            "source": "Depositary notification",
            "reason": "from the UN",
        },
    )
    assert answer.status_code == 302
    tonga = State.objects.get(iso3="TON")
    assert tonga.party_since == date(2020, 2, 4)
    assert ValueSource.objects.get(state=tonga, field="party_since").status == "corrected"
    assert AuditEvent.objects.filter(action="parties.value_corrected", actor=cast["secretariat"]).exists()


def test_party_page_marks_unverified_values_and_offers_the_correction_only_to_the_secretariat(client, cast):
    page = client.get("/parties/KEN/").content.decode()
    assert "unverified" in page and "République du Kenya" in page and "/parties/KEN/correct/" not in page
    client.force_login(cast["secretariat"])
    assert "/parties/KEN/correct/" in client.get("/parties/KEN/").content.decode()


@pytest.mark.parametrize("username", [None, "fp-kenya", "delegate"])
def test_others_cannot_correct_and_nothing_changes(client, cast, username):
    if username:
        client.force_login(cast[username])
    before = (State.objects.get(iso3="TON").party_since, AuditEvent.objects.count())
    assert client.get("/parties/TON/correct/").status_code == 404
    assert (
        client.post(
            "/parties/TON/correct/", {"field": "party_since", "value": "2020-02-04", "source": "x"}
        ).status_code
        == 404
    )
    assert (State.objects.get(iso3="TON").party_since, AuditEvent.objects.count()) == before


def test_the_values_to_correct_show_choices_by_name(client, cast):
    """A legal system or a regional group is shown by its name in the interface language, not its code."""
    State.objects.filter(iso3="ALB").update(legal_system="civil_law")
    client.force_login(cast["secretariat"])
    page = client.get("/parties/ALB/correct/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Droit civil" in page
    assert ">civil_law<" not in page and " civil_law" not in page
