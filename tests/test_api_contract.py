"""The API keeps its contract (issue 14 §12): every error is `{error, code}` with a registered code, every
operation documents its error answers, bad input is a 4xx (never a 500), and values PostgreSQL refuses
are refused on both databases before they reach it."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest
from django.test import Client
from ninja import Schema
from openapi_spec_validator import validate

from irm.accounts.tokens import create_api_token
from irm.api import ERROR_STATUSES
from irm.core.errors import CODES

pytestmark = pytest.mark.django_db

CONTRIBUTION = {
    "donor": "NOR",
    "reference": "NOR-2024-01",
    "pledged_on": "2024-03-01",
    "amount": "1000.00",
    "currency": "USD",
}


@pytest.fixture
def secretariat_api(cast):
    user = cast["secretariat"]
    _, key = create_api_token(actor=user, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["error"]
    assert code in CODES
    return body


def test_a_malformed_integer_is_a_422_naming_the_parameter(client):
    body = _error(client.get("/api/v1/cycles/two"), 422, "invalid_input")
    assert body["errors"][0]["field"] == "number"
    assert "number" in body["error"] and "detail" not in body


def test_an_integer_too_large_for_the_database_is_a_422_not_a_500(client):
    body = _error(client.get("/api/v1/cycles/99999999999999999999999"), 422, "invalid_input")
    assert body["errors"][0]["field"] == "number"
    _error(client.get("/api/v1/convention/articles", {"chapter": 2**40}), 422, "invalid_input")


def test_an_unknown_id_is_a_404(client):
    assert "9" in _error(client.get("/api/v1/cycles/9"), 404, "not_found")["error"]


def test_an_unknown_address_under_the_api_is_a_json_404(client):
    _error(client.get("/api/v1/parties/a/b/c"), 404, "not_found")
    _error(client.get("/api/v1/no-such-thing/"), 404, "not_found")


def test_an_address_without_its_trailing_slash_is_redirected(client):
    response = client.get("/api/v1/parties?region=WEOG")
    assert response.status_code == 301 and response["Location"] == "/api/v1/parties/?region=WEOG"


def test_a_missing_parameter_is_a_422(client):
    body = _error(client.get("/api/v1/parties/resolve"), 422, "invalid_input")
    assert body["errors"] == [{"field": "name", "message": "Field required"}]


def test_an_anonymous_write_is_a_401(client):
    response = client.post(
        "/api/v1/findings/findings/1/comments", {"text": "x"}, content_type="application/json"
    )
    _error(response, 401, "not_authenticated")


def test_an_unreadable_json_body_is_a_400(secretariat_api):
    response = secretariat_api.post("/api/v1/finance/rates", "{not json", content_type="application/json")
    _error(response, 400, "bad_request")


def test_an_over_long_value_is_a_400_and_nothing_is_written(secretariat_api):
    from irm.finance.models import Contribution

    too_long = {**CONTRIBUTION, "reference": "R" * 61}
    response = secretariat_api.post(
        "/api/v1/finance/contributions", too_long, content_type="application/json"
    )
    body = _error(response, 400, "too_long")
    assert body["errors"][0]["field"] == "reference"
    assert not Contribution.objects.exists()
    response = secretariat_api.post(
        "/api/v1/finance/contributions", CONTRIBUTION, content_type="application/json"
    )
    assert response.status_code == 201 and Contribution.objects.get().amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/api/v1/parties/KE%00N", None),
        ("get", "/api/v1/parties/", {"region": "AFR\x00"}),
        ("get", "/api/v1/reviews/", {"stage": "x", "region\x00": "y"}),
        ("post", "/api/v1/finance/contributions", {**CONTRIBUTION, "description": "in\x00kind"}),
        ("post", "/api/v1/finance/contributions", {**CONTRIBUTION, "earmark": {"note\x00": 1}}),
    ],
)
def test_a_nul_character_anywhere_is_a_400_before_the_database(secretariat_api, method, path, data):
    from irm.finance.models import Contribution

    if method == "get":
        response = secretariat_api.get(path, data)
    else:
        response = secretariat_api.post(path, json.dumps(data), content_type="application/json")
    _error(response, 400, "nul_byte")
    assert not Contribution.objects.exists()


def test_a_nul_character_in_a_form_field_is_a_400_but_a_file_may_hold_any_byte(secretariat_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("findings.csv", b"a,b\n\x00,1\n", content_type="text/csv")
    response = secretariat_api.post(
        "/api/v1/findings/imports/findings", {"file": upload, "dry_run": "tr\x00ue"}
    )
    _error(response, 400, "nul_byte")
    upload = SimpleUploadedFile("findings.csv", b"a,b\n\x00,1\n", content_type="text/csv")
    response = secretariat_api.post("/api/v1/findings/imports/findings", {"file": upload, "dry_run": "true"})
    assert response.status_code != 400 or response.json()["code"] != "nul_byte"
    assert response.status_code in {200, 422} and response.json()["code"]


def test_a_file_with_errors_is_a_422_with_code_and_rows(secretariat_api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("findings.csv", b"nonsense,columns\n1,2\n", content_type="text/csv")
    response = secretariat_api.post("/api/v1/findings/imports/findings", {"file": upload})
    body = _error(response, 422, "import_errors")
    assert body["file"] == "findings.csv" and body["errors"][0]["message"]
    assert body["applied"] is False


def test_an_unexpected_failure_is_a_json_500(client, monkeypatch):
    from irm.cycles import api as cycles_api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cycles_api, "_cycles", broken)
    client.raise_request_exception = False
    _error(client.get("/api/v1/cycles/"), 500, "server_error")


def test_every_operation_documents_its_error_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    operations = [(path, m, op) for path, ops in schema["paths"].items() for m, op in ops.items()]
    assert len(operations) > 50
    for path, method, operation in operations:
        documented = set(operation["responses"])
        expected = {str(s) for s in ERROR_STATUSES} | ({"409"} if method != "get" else set())
        assert expected <= documented, (method, path, expected - documented)
        for status in expected:
            content = operation["responses"][status]["content"]["application/json"]["schema"]
            refs = [c.get("$ref", "") for c in content.get("anyOf", [content])]
            names = {ref.rsplit("/", 1)[-1] for ref in refs}
            assert names & {"ErrorOut", "ConflictOut"}, (path, status, names)


def test_the_error_schema_lists_every_registered_code_with_its_status(client):
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error", "code"]
    assert error["properties"]["code"]["enum"] == list(CODES)
    assert "| `list_not_open` | 422 |" in error["description"]
    assert "invalid_input" in schema["info"]["description"]


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI components are named after the classes: two `ArticleOut`s made one answer lie."""
    seen: dict[str, str] = {}
    modules = [m for m in sys.modules.values() if m and m.__name__.startswith("irm.")]
    for module in [m for m in modules if m.__name__.endswith(".api") or ".api." in m.__name__]:
        _collect(module, seen)
    assert {"ErrorOut", "FindingOut", "SessionOut", "StateOut"} <= set(seen)


def _collect(module, seen: dict[str, str]) -> None:
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Schema) and value is not Schema:
            where = f"{value.__module__}.{value.__qualname__}"
            assert seen.setdefault(value.__name__, where) == where, (
                value.__name__,
                seen[value.__name__],
                where,
            )


@pytest.mark.parametrize(
    "path",
    ["/api/v1/follow-up/recommendations", "/api/v1/follow-up/reports", "/api/v1/public/follow-up"],
)
def test_the_follow_up_lists_answer_count_and_items_and_refuse_bad_filters_with_422(secretariat_api, path):
    """Issue 20: the follow-up lists (signed-in, through a bearer token; and the public one) answer
    `{count, items}`, `format=csv` a CSV, and a bad filter a 422 naming it."""
    body = secretariat_api.get(path).json()
    assert {"count", "items"} <= set(body) and body["count"] == len(body["items"]) == 0
    assert secretariat_api.get(f"{path}?format=csv")["Content-Type"].startswith("text/csv")
    _error(secretariat_api.get(f"{path}?status=validated"), 422, "invalid_input")
