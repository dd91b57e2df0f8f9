import pytest
from django.test import Client
from openapi_spec_validator import validate

from irm.accounts.tokens import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_valid_and_documents_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    assert "token" in schema["components"]["securitySchemes"]
    party = schema["paths"]["/api/v1/parties/{iso3}"]["get"]["responses"]
    assert "404" in party


def test_api_docs_are_at_api_docs(client):
    assert client.get("/api/docs", follow=True).status_code == 200


def test_anonymous_caller_sees_public_reference_data(client):
    assert len(client.get("/api/v1/parties/").json()) == 193
    assert client.get("/api/v1/cycles/2").json()["chapters"] == [2, 5]
    assert [c["code"] for c in client.get("/api/v1/cycles/1/categories").json()][:2] == [
        "good_practices",
        "legal_advice",
    ]
    assert client.get("/api/v1/convention/articles/52").json()["chapter"] == 5
    assert client.get("/api/v1/accounts/me").json()["role"] == "public"


def test_unknown_objects_answer_404_with_the_error_shape(client):
    body = client.get("/api/v1/parties/XYZ").json()
    assert body["code"] == "not_found" and "XYZ" in body["error"]
    assert client.get("/api/v1/cycles/9").status_code == 404


def test_name_resolution_through_the_api(client):
    assert client.get("/api/v1/parties/resolve", {"name": "Vietnam"}).json()["state"]["iso3"] == "VNM"
    response = client.get("/api/v1/parties/resolve", {"name": "Thai"})
    assert response.status_code == 422
    assert response.json()["suggestions"][0] == "THA"


def test_bearer_token_authenticates_and_revoked_token_is_refused(cast):
    user = cast["fp-kenya"]
    token, key = create_api_token(actor=user, user=user, name="test")
    client = Client()
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert me["username"] == "fp-kenya" and me["role"] == "focal_point"
    revoke_api_token(actor=user, token=token)
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_session_authenticates_the_api(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/api/v1/accounts/me").json()["role"] == "secretariat"
