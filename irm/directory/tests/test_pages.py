"""The directory's pages, exports and API (issue 21 §3): filters, restricted contacts only for those
allowed, formula-safe exports, proposals and their decision, the import's preview and confirmation."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from irm.core.tabular import write_table
from irm.directory import imports
from irm.directory.models import Entry, Proposal
from irm.directory.tests.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(cast):
    sec = cast["secretariat"]
    return {
        "ken": make_entry(sec, iso3="KEN", languages=["en", "sw"], email="mla@example.go.ke"),
        "fra": make_entry(
            sec,
            iso3="FRA",
            authority="Ministère de la Justice",
            languages=["fr"],
            accepts_electronic_requests="no",
            email="entraide@example.fr",
            contacts_public=True,
        ),
        "nzl": make_entry(
            sec, iso3="NZL", provision="6.3", authority="Serious Fraud Office", languages=["en"]
        ),
    }


def test_the_list_filters_and_hides_restricted_contacts_from_the_public(client, entries):
    page = client.get("/directory/", {"language": "en"}).content.decode()
    assert "Kenya" in page and "Serious Fraud Office" in page and "Ministère de la Justice" not in page
    assert "mla@example.go.ke" not in page, "restricted contacts are not public"
    assert "English" in page and "Swahili" in page, "languages by name, not code"
    french = client.get("/directory/", {"electronic": "no"}).content.decode()
    assert "entraide@example.fr" in french and "Kenya" not in french


def test_a_delegate_reads_restricted_contacts_and_an_observer_does_not(client, cast, entries):
    client.force_login(cast["delegate"])
    assert "mla@example.go.ke" in client.get("/directory/").content.decode()
    client.force_login(cast["observer"])
    assert "mla@example.go.ke" not in client.get("/directory/").content.decode()


def test_the_api_answers_count_and_items_with_restricted_fields_only_for_the_allowed(client, cast, entries):
    body = client.get("/api/v1/directory/authorities", {"state": "KEN", "article": "46.13"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["state"], item["article"], item["languages"]) == ("KEN", "46.13", ["en", "sw"])
    assert item["accepts_electronic_requests"] == "yes" and item["email"] is None
    client.force_login(cast["expert-nzl"])
    item = client.get("/api/v1/directory/authorities", {"state": "Kenya"}).json()["items"][0]
    assert item["email"] == "mla@example.go.ke"
    by_language = client.get("/api/v1/directory/authorities", {"language": "fr"}).json()
    assert [i["state"] for i in by_language["items"]] == ["FRA"]
    assert client.get("/api/v1/directory/authorities", {"article": "46"}).json()["count"] == 2


def test_the_api_csv_and_the_exports_are_formula_safe_and_restricted(client, cast, entries):
    make_entry(
        cast["secretariat"],
        iso3="BRA",
        authority='=HYPERLINK("http://evil")',
        contacts_public=True,
        email="b@example.br",
    )
    csv = client.get("/api/v1/directory/authorities", {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "mla@example.go.ke" not in csv and "entraide@example.fr" in csv
    xlsx = client.get("/directory/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil")' in values and "mla@example.go.ke" not in values
    as_json = client.get("/directory/export.json", {"state": "KEN"}).json()
    assert as_json["count"] == 1 and as_json["items"][0]["email"] is None


def test_an_export_re_imports_as_it_was(client, cast, entries):
    client.force_login(cast["secretariat"])
    content = client.get("/directory/export.csv").content
    checked = imports.check_file(content, "export.csv")
    assert checked.ok, checked.errors
    assert checked.outcomes == {"created": 0, "updated": 0, "unchanged": 3, "skipped_newer": 0}


def test_a_focal_point_proposes_for_their_state_and_the_secretariat_approves(client, cast, entries):
    client.force_login(cast["fp-kenya"])
    assert client.get("/directory/states/FRA/propose/").status_code == 404
    entry = entries["ken"]
    response = client.post(
        f"/directory/states/KEN/propose/?entry={entry.pk}",
        {
            "provision": "46.13",
            "authority": entry.authority,
            "email": "new@example.go.ke",
            "languages": "English; Kiswahili",
            "accepts_electronic_requests": "yes",
            "interpol_in_urgent_cases": "yes",
            "as_of": "2025-02-01",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(status="pending")
    assert proposal.entry == entry and proposal.data["languages"] == ["en", "sw"]
    assert (
        client.post(f"/directory/proposals/{proposal.pk}/decide/", {"decision": "approve"}).status_code == 404
    )
    client.force_login(cast["secretariat"])
    page = client.get("/directory/proposals/").content.decode()
    assert "new@example.go.ke" in page and "Kenya" in page
    client.post(f"/directory/proposals/{proposal.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.email == "new@example.go.ke" and entry.as_of == date(2025, 2, 1)
    history = client.get(f"/directory/entries/{entry.pk}/versions/").content.decode()
    assert "mla@example.go.ke" in history and "new@example.go.ke" in history


def test_the_state_page_shows_the_treaty_status(client, entries):
    page = client.get("/directory/states/KEN/").content.decode()
    assert "Status under the Convention" in page and "Office of the Attorney General" in page
    assert "Ratification" in page or "Accession" in page


@pytest.mark.parametrize("who", [None, "observer", "fp-kenya", "donor-norway"])
def test_only_the_secretariat_reaches_the_import_and_the_decisions(client, cast, who):
    if who:
        client.force_login(cast[who])
    for url in ("/directory/import/",):
        assert client.get(url).status_code in (302, 404)
    if who in (None, "observer", "donor-norway"):
        assert client.get("/directory/proposals/").status_code in (302, 404)


def test_the_import_page_previews_then_imports(client, cast):
    client.force_login(cast["secretariat"])
    header = list(imports.COLUMNS)
    row = ["Kenya", "46.13", "AG", "", "", "", "", "English", "yes", "no", "no", "", "2024-01-01"]
    upload = SimpleUploadedFile("dir.csv", write_table(header, [row], "csv"), content_type="text/csv")
    preview = client.post("/directory/import/", {"file": upload}).content.decode()
    assert "Preview" in preview and "New entry" in preview and not Entry.objects.exists()
    client.post("/directory/import/confirm/")
    assert Entry.objects.get().authority == "AG"
    bad = SimpleUploadedFile(
        "bad.csv", write_table(header, [[*row[:-1], "soon"]], "csv"), content_type="text/csv"
    )
    page = client.post("/directory/import/", {"file": bad}).content.decode()
    assert "bad.csv, row 2, column as_of" in page
