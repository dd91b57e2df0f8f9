from __future__ import annotations

import pytest

from irm.assistance import services
from irm.assistance.models import Activity

pytestmark = pytest.mark.django_db


def test_list_answers_count_and_items_with_funding_only_for_the_sides(client, cast, kenya, make_input):
    activity = services.record_activity(actor=cast["fp-kenya"], data=make_input(amount=5000, currency="EUR"))
    services.validate_activity(actor=cast["secretariat"], activity=activity)
    client.force_login(cast["fp-kenya"])
    body = client.get("/api/v1/assistance/activities").json()
    assert (
        body["count"] == 1
        and body["items"][0]["amount"] == "5000.00"
        and body["items"][0]["provider"] == "NOR"
    )
    client.force_login(cast["delegate"])
    item = client.get(f"/api/v1/assistance/activities/{activity.pk}").json()
    assert item["beneficiary"] == "KEN" and item["amount"] is None and item["currency"] is None
    client.logout()
    assert client.get("/api/v1/assistance/activities").status_code in (401, 404)


def test_donor_records_through_the_api_and_errors_have_codes(client, cast, kenya):
    client.force_login(cast["donor-norway"])
    need = kenya["needs"][0].pk
    created = client.post(
        "/api/v1/assistance/activities",
        {
            "title": "Training",
            "provider_kind": "state",
            "provider": "NOR",
            "beneficiary": "KEN",
            "needs": [{"need": need, "coverage": "partial"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (
        created.json()["needs"] == [{"need": need, "coverage": "partial"}] and not created.json()["validated"]
    )
    refused = client.post(
        "/api/v1/assistance/activities",
        {"title": "Not ours", "provider_kind": "state", "provider": "FRA", "beneficiary": "KEN"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    bad = client.post(
        "/api/v1/assistance/activities",
        {"title": "Money", "provider_kind": "state", "provider": "NOR", "beneficiary": "KEN", "amount": "10"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "assistance_currency"
    assert Activity.objects.count() == 1
    assert client.post(f"/api/v1/assistance/activities/{created.json()['id']}/validate").status_code == 404


def test_report_endpoint_adds_up(client, cast, kenya):
    client.force_login(cast["secretariat"])
    doc = client.get("/api/v1/assistance/report?cycle=2&as_of=2024-01-01").json()
    assert doc["needs"] == 3 and doc["unmet"] == 3 and doc["met"] + doc["partly_met"] == 0
