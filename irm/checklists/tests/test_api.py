"""The checklists API: same access rule as the pages, 409 with both versions on a stale save."""

from __future__ import annotations

import pytest

from irm.checklists import services
from irm.checklists.tests.conftest import fill_required, question

pytestmark = pytest.mark.django_db


def test_api_saves_with_versions_and_refuses_stale_saves(client, checklist, cast):
    client.force_login(cast["fp-kenya"])
    url = f"/api/v1/checklists/{checklist.pk}/answers/a5-measures"
    first = client.put(url, {"value": "Act", "base_version": 0}, content_type="application/json")
    assert first.status_code == 200 and first.json() == {"code": "a5-measures", "version": 1}
    stale = client.put(url, {"value": "Other", "base_version": 0}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_value"] == "Act"
    article = client.get(f"/api/v1/checklists/{checklist.pk}/articles/5").json()
    assert article["source"] == "live"
    assert next(a for a in article["answers"] if a["code"] == "a5-measures")["version"] == 1
    detail = client.get(f"/api/v1/checklists/{checklist.pk}").json()
    assert detail["progress"]["articles"] == 19 and detail["role"] == "focal_point"


def test_api_hides_the_answer_from_other_reviews_experts_and_drafts_from_own_experts(
    client, checklist, cast, other_expert
):
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-measures"),
        value="v1 of the measures in force",
        base_version=0,
    )
    client.force_login(cast["expert-nzl"])
    assert client.get(f"/api/v1/checklists/{checklist.pk}").status_code == 404
    fill_required(checklist, cast["fp-kenya"])
    services.submit_checklist(actor=cast["fp-kenya"], checklist=checklist, confirmed=True)
    article = client.get(f"/api/v1/checklists/{checklist.pk}/articles/5").json()
    assert article["source"] == "version 1"
    assert client.put(
        f"/api/v1/checklists/{checklist.pk}/answers/a5-measures",
        {"value": "x", "base_version": 1},
        content_type="application/json",
    ).status_code in (403, 409)
    asked = client.post(
        f"/api/v1/checklists/{checklist.pk}/articles/5/questions",
        {"body": "Which act?"},
        content_type="application/json",
    )
    assert asked.status_code == 201
    client.force_login(other_expert)
    assert client.get(f"/api/v1/checklists/{checklist.pk}").status_code == 404
    assert client.get("/api/v1/checklists/").json() == []


def test_openapi_schema_documents_the_checklist_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/checklists/{checklist_id}/answers/{code}" in schema["paths"]
