"""The analytics pages: the secretariat's and the public versions, the proposals, the evidence note."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from irm.analytics import services
from irm.analytics.models import Proposal
from irm.core.exceptions import PermissionDenied
from irm.core.models import AuditEvent
from irm.documents.models import DocumentJob

pytestmark = pytest.mark.django_db

QUERY = "?cycle=2&as_of=2020-12-31"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- process analytics -------------------------------------------------------------------------------


def test_the_public_sees_aggregates_only_with_small_cells_suppressed(small_cycle):
    response = client_for().get("/analytics/" + QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Public version" in page
    assert "fewer than 5 reviews" in page
    assert "Focal point nominated" in page
    # No review can be told apart: no State of the small cycle is named anywhere on the page.
    for review in small_cycle["reviews"]:
        assert review.state.name_en not in page
    assert "See the public version" not in page


def test_the_secretariat_sees_every_cell_and_the_page_is_not_stored(small_cycle, cast):
    response = client_for(cast["secretariat"]).get("/analytics/" + QUERY)
    page = response.content.decode()
    assert "See the public version" in page
    assert "fewer than 5 reviews" not in page
    assert "no-store" in response["Cache-Control"]
    preview = client_for(cast["secretariat"]).get("/analytics/" + QUERY + "&public=1").content.decode()
    assert "Public version" in preview


def test_a_focal_point_gets_the_public_version(small_cycle, cast):
    page = client_for(cast["fp-kenya"]).get("/analytics/" + QUERY).content.decode()
    assert "Public version" in page


def test_the_exports_keep_the_versions_apart(small_cycle, cast):
    public = client_for().get("/analytics/process.xlsx" + QUERY)
    assert public.status_code == 200
    assert "Reviews" not in load_workbook(io.BytesIO(public.content)).sheetnames
    secretariat = client_for(cast["secretariat"]).get("/analytics/process.xlsx" + QUERY)
    book = load_workbook(io.BytesIO(secretariat.content))
    assert "Reviews" in book.sheetnames
    assert "no-store" in secretariat["Cache-Control"]
    assert secretariat["Content-Disposition"].startswith('attachment; filename="process-cycle2-2020-12-31')
    csv = client_for().get("/analytics/process.csv" + QUERY).content.decode()
    assert csv.startswith("Duration of each stage")
    data = client_for().get("/analytics/process.json" + QUERY).json()
    assert data["public"] is True and data["cycle"] == 2


@pytest.mark.parametrize("key", ["durations", "completions", "delays"])
def test_charts_are_drawn(small_cycle, key):
    response = client_for().get(f"/analytics/charts/{key}.svg" + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    png = client_for().get(f"/analytics/charts/{key}.png" + QUERY)
    assert png.content.startswith(b"\x89PNG")


def test_unknown_chart_format_or_cycle_is_refused(small_cycle):
    assert client_for().get("/analytics/charts/nothing.svg").status_code == 404
    assert client_for().get("/analytics/charts/durations.gif").status_code == 400
    assert client_for().get("/analytics/?cycle=9").status_code == 404
    assert client_for().get("/analytics/?as_of=yesterday").status_code == 404


# --- proposals ----------------------------------------------------------------------------------------

FORM = {
    "name": "Faster",
    "description": "Sixty a year",
    "reviews_per_year": "60",
    "reviewers_per_review": "2",
    "eu_reviewed": "unknown",
    "eu_reviews": "unknown",
    "runs": "20",
    "seed": "5",
    "days_focal_point_nominated": "20, 40",
}


@pytest.mark.parametrize("role", [None, "fp-kenya", "delegate", "expert-nzl", "observer"])
def test_only_the_secretariat_reaches_the_proposals(role, cast):
    client = client_for(cast[role] if role else None)
    for url in ("/analytics/proposals/", "/analytics/proposals/new/", "/analytics/proposals/compare/?p=1"):
        assert client.get(url).status_code == 404, url
    assert client.post("/analytics/proposals/new/", FORM).status_code == 404
    assert not Proposal.objects.exists()


def test_the_secretariat_sets_up_a_proposal_and_sees_what_it_gives(small_cycle, cast):
    client = client_for(cast["secretariat"])
    form_page = client.get("/analytics/proposals/new/").content.decode()
    assert "The threshold of cycle 2: a proposal" in form_page
    response = client.post("/analytics/proposals/new/", FORM)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/analytics/proposals/{proposal.pk}/"
    )
    assert proposal.config["reviews_per_year"] == 60
    assert proposal.config["stage_durations"] == {"focal_point_nominated": [20, 40]}
    event = AuditEvent.objects.get(action="analytics.proposal_created")
    assert event.object_id == str(proposal.pk)
    page = client.get(f"/analytics/proposals/{proposal.pk}/").content.decode()
    assert "A valid drawing of lots exists under the caps" in page
    assert "Year the proposed threshold is reached (median)" in page


def test_a_bad_setting_is_shown_on_the_form_and_nothing_saved(cast):
    client = client_for(cast["secretariat"])
    response = client.post("/analytics/proposals/new/", {**FORM, "days_kick_off_held": "soon"})
    assert response.status_code == 200
    assert "Write whole numbers of days separated by commas." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_stale_edit_is_refused_and_changes_nothing(cast):
    proposal = services.create_proposal(
        actor=cast["secretariat"], name="Base", config={"reviews_per_year": 40}
    )
    client = client_for(cast["secretariat"])
    services.update_proposal(
        actor=cast["secretariat"], proposal=proposal, version=1, name="Base", config={"reviews_per_year": 45}
    )
    response = client.post(f"/analytics/proposals/{proposal.pk}/", {**FORM, "name": "Base", "version": "1"})
    assert "Someone else changed this proposal meanwhile" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.version, proposal.config["reviews_per_year"]) == (2, 45)


def test_only_the_secretariat_deletes_and_the_deletion_is_audited(cast):
    proposal = services.create_proposal(actor=cast["secretariat"], name="Gone", config={})
    assert client_for(cast["fp-kenya"]).post(f"/analytics/proposals/{proposal.pk}/delete/").status_code == 404
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    response = client_for(cast["secretariat"]).post(f"/analytics/proposals/{proposal.pk}/delete/")
    assert response.status_code == 302
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert AuditEvent.objects.filter(action="analytics.proposal_deleted", object_id=str(proposal.pk)).exists()


def test_services_refuse_anyone_but_the_secretariat(cast):
    with pytest.raises(PermissionDenied):
        services.create_proposal(actor=cast["fp-kenya"], name="Mine", config={})
    assert not Proposal.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="analytics.").exists()


def test_proposals_compared_side_by_side_with_a_chart_and_a_note(small_cycle, cast):
    slow = services.create_proposal(
        actor=cast["secretariat"], name="Slow", config={"reviews_per_year": 20, "runs": 10}
    )
    fast = services.create_proposal(
        actor=cast["secretariat"],
        name="Fast",
        config={"reviews_per_year": 100, "runs": 10, "reviewer_cap_per_year": 1},
    )
    client = client_for(cast["secretariat"])
    query = f"?p={slow.pk}&p={fast.pk}"
    page = client.get("/analytics/proposals/compare/" + query).content.decode()
    assert page.index("Slow") < page.index("Fast")
    assert "A valid drawing of lots exists under the caps" in page
    assert "reviews per party a year" in page  # Fast's reason: the cap per year leaves too few places
    chart = client.get("/analytics/proposals/compare-chart.svg" + query)
    assert chart.status_code == 200 and b"<svg" in chart.content
    for language in ("en", "ar", "zh"):
        note = client.get(f"/analytics/proposals/compare.docx{query}&lang={language}")
        assert note.status_code == 200
        xml = zipfile.ZipFile(io.BytesIO(note.content)).read("word/document.xml").decode()
        assert "Slow" in xml and "Fast" in xml
        assert ("<w:bidi/>" in xml) == (language == "ar")
    english = zipfile.ZipFile(
        io.BytesIO(client.get(f"/analytics/proposals/compare.docx{query}&lang=en").content)
    )
    text = english.read("word/document.xml").decode()
    assert "The completion threshold is a proposal (S000 para. 18), not an adopted rule." in text
    # The worker made each note once (under pytest at once); asking again answered the same job.
    assert DocumentJob.objects.filter(kind="analytics.evidence_note").count() == 3
    # Nobody else reaches the note's job, even with its address.
    job = DocumentJob.objects.filter(kind="analytics.evidence_note")[0]
    assert client_for(cast["fp-kenya"]).get(f"/documents/{job.pk}/").status_code == 404
    assert client.get(f"/analytics/proposals/compare.docx{query}&lang=xx").status_code == 400
    data = client.get("/analytics/proposals/compare.json" + query).json()
    assert [p["name"] for p in data["proposals"]] == ["Slow", "Fast"]
