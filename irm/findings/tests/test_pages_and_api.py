"""The secretariat's import pages (preview, then confirm), exports and the API's import endpoint."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from irm.findings.models import Finding
from irm.findings.tests.conftest import make_review
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db

CSV = b"cycle,state,type,chapter,articles,categories,text,language\n2,KEN,observation,2,5,,Seen.,en\n2,KEN,ta_need,5,,capacity_building,Training.,en\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_import_page_previews_then_imports(cast):
    make_review("KEN")
    client = _client(cast["secretariat"])
    response = client.post(
        "/findings/import/", {"kind": "findings", "file": SimpleUploadedFile("f.csv", CSV)}
    )
    page = response.content.decode()
    assert "2 to create" in page
    assert not Finding.objects.exists()
    token = response.context["token"]
    response = client.post("/findings/import/confirm/", {"token": token})
    assert response.status_code == 302
    assert Finding.objects.count() == 2
    again = client.post("/findings/import/", {"kind": "findings", "file": SimpleUploadedFile("f.csv", CSV)})
    assert "2 unchanged" in again.content.decode()


def test_import_page_lists_errors_with_row_and_column(cast):
    client = _client(cast["secretariat"])
    bad = b"cycle,state,executive_summary_completed_on\n2,Atlantis,2020-13-01\n"
    page = client.post(
        "/findings/import/", {"kind": "reviews", "file": SimpleUploadedFile("r.csv", bad)}
    ).content.decode()
    assert "nothing was imported" in page and "Atlantis" in page and "executive_summary_completed_on" in page
    assert not Review.objects.exists()


def test_import_and_export_pages_are_the_secretariats(cast):
    for username in ("fp-kenya", "expert-nzl", "observer"):
        client = _client(cast[username])
        assert client.get("/findings/import/").status_code == 404
        assert client.get("/findings/export/?kind=findings&cycle=2&format=csv").status_code == 404
    assert Client().get("/findings/import/").status_code == 404


def test_export_page_downloads_xlsx(cast):
    make_review("KEN")
    response = _client(cast["secretariat"]).get("/findings/export/?kind=reviews&cycle=2&format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_api_import_dry_run_then_import_and_errors(cast):
    make_review("KEN")
    client = _client(cast["secretariat"])
    url = "/api/v1/findings/imports/findings"
    dry = client.post(url, {"file": SimpleUploadedFile("f.csv", CSV), "dry_run": "true"}).json()
    assert (dry["created"], dry["applied"]) == (2, False)
    done = client.post(url, {"file": SimpleUploadedFile("f.csv", CSV)}).json()
    assert (done["created"], done["applied"]) == (2, True)
    bad = client.post(url, {"file": SimpleUploadedFile("f.csv", CSV.replace(b"KEN", b"Mordor"))})
    assert bad.status_code == 422
    assert {(e["row"], e["column"]) for e in bad.json()["errors"]} == {(2, "state"), (3, "state")}
    assert _client(cast["fp-kenya"]).post(url, {"file": SimpleUploadedFile("f.csv", CSV)}).status_code == 403
    export = client.get("/api/v1/findings/exports/findings?cycle=2&format=csv")
    assert export.status_code == 200 and b"Training." in export.content


def test_api_drafting_round(cast, review):
    client = _client(cast["expert-nzl"])
    created = client.post(
        f"/api/v1/findings/reviews/{review.pk}/findings",
        {"type": "ta_need", "text": "Help.", "chapter": 2, "categories": ["policymaking"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    finding_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/findings/findings/{finding_id}", {"text": "Help, please."}, content_type="application/json"
    )
    assert patched.json()["version"] == 2
    comment = _client(cast["fp-kenya"]).post(
        f"/api/v1/findings/findings/{finding_id}/comments",
        {"text": "Agreed."},
        content_type="application/json",
    )
    assert comment.status_code == 201
    outsider = _client(cast["fp-france"]).patch(
        f"/api/v1/findings/findings/{finding_id}", {"text": "Hacked"}, content_type="application/json"
    )
    assert outsider.status_code == 404
    assert (
        Client()
        .post(
            f"/api/v1/findings/reviews/{review.pk}/findings",
            {"type": "observation", "text": "x"},
            content_type="application/json",
        )
        .status_code
        == 401
    )


def test_review_page_for_the_circle(cast, review):
    client = _client(cast["expert-nzl"])
    response = client.post(
        f"/findings/reviews/{review.pk}/",
        {
            "type": "observation",
            "chapter": "2",
            "articles": ["5", "6"],
            "text": "Through the page.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Finding.objects.get().articles.count() == 2
    page = client.get(f"/findings/reviews/{review.pk}/").content.decode()
    assert "Through the page." in page and "Add a finding" in page
