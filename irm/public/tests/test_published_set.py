"""Nothing unpublished appears in any public page, export or API answer — counts and facets included.

The world (conftest) plants markers in unpublished findings (Kenya: never published; Chile: consent
withdrawn after the index was built, the index not yet refreshed), in confidential material of
published findings (comments, follow-up, versions) and gives the unpublished findings their own
State, article, theme, category and language, so that a leak through a facet shows too.
"""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from irm.findings.selectors import published_findings
from irm.public import bulk
from irm.public.tests.conftest import MARKERS

pytestmark = pytest.mark.django_db

#: Facet values only unpublished findings hold.
UNPUBLISHED_VALUES = {
    "state": {"KEN", "CHL"},
    "article": {"20", "29"},
    "theme": {"illicit_enrichment", "asset_return"},  # asset_return: only a *suggested* tag
    "category": {"policymaking"},
    "language": {"ru"},
}

SEARCHES = [
    "",
    "q=zqxunp*",  # a prefix: the page echoes the query, the marker must not come back
    "q=zqxwithdr*",
    "q=statute",
    "q=enrichment",
    "q=незаконное",
    "state=KEN",
    "state=CHL",
    "article=20",
    "article=29",
    "theme=illicit_enrichment",
    "theme=asset_return",
    "category=policymaking",
    "language=ru",
    "sort=state&per_page=100",
    "sort=article&page=2",
    "q=corruption&sort=relevance",
]


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8")


def _assert_clean(text: str, where: str) -> None:
    for marker in MARKERS:
        assert marker.lower() not in text.lower(), f"{marker} in {where}"


FOLLOW_UP_SEARCHES = [
    "",
    "state=KEN",
    "state=CHL",
    "state=BRA",
    "state=FRA",
    "article=20",
    "status=implemented",
    "status=not_implemented",
    "cycle=2&status=partially_implemented,not_reported",
]


def test_no_page_export_or_api_answer_shows_unpublished_material(follow_up_world):
    world = follow_up_world
    client = Client()
    urls = ["/public/follow-up/"]
    for search in FOLLOW_UP_SEARCHES:
        urls += [
            f"/api/v1/public/follow-up?{search}",
            f"/api/v1/public/follow-up?{search}&format=csv",
            *(f"/public/follow-up/export.{fmt}?{search}" for fmt in ("csv", "xlsx", "json")),
        ]
    for iso3, review in world.reviews.items():
        urls += [f"/public/follow-up/{iso3}/", f"/reviews/{review.cycle.number}/{iso3}/"]
    for search in SEARCHES:
        urls += [
            f"/public/findings/?{search}",
            f"/api/v1/public/findings?{search}",
            f"/api/v1/public/findings?{search}&format=csv",
            *(f"/public/findings/export.{fmt}?{search}" for fmt in ("csv", "xlsx", "json")),
        ]
    for f in world.published:
        urls += [f"/public/findings/{f.pk}/", f"/api/v1/public/findings/{f.pk}"]
    for review in world.reviews.values():
        urls.append(f"/public/summaries/{review.pk}/en/")
    urls.append("/public/findings/dictionary/")
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        _assert_clean(_text(response), url)


def test_unpublished_findings_and_summaries_answer_404(world):
    client = Client()
    for f in world.unpublished:
        assert client.get(f"/public/findings/{f.pk}/").status_code == 404
        assert client.get(f"/api/v1/public/findings/{f.pk}").status_code == 404
    for iso3 in ("KEN", "CHL"):
        review = world.reviews[iso3]
        assert client.get(f"/public/summaries/{review.pk}/").status_code == 404
        assert client.get(f"/public/summaries/{review.pk}/en/").status_code == 404


def test_counts_and_facets_are_those_of_the_published_set(world):
    client = Client()
    expected = published_findings().count()
    assert expected == len(world.published) == 6
    for search in SEARCHES:
        answer = client.get(f"/api/v1/public/findings?{search}").json()
        assert answer["count"] <= expected
        for name, values in UNPUBLISHED_VALUES.items():
            shown = {v["value"] for v in answer["facets"][name] if v["count"]}
            assert not shown & values, f"{name} facet of ?{search} shows {shown & values}"
        assert {i["id"] for i in answer["items"]} <= {f.pk for f in world.published}
    everything = client.get("/api/v1/public/findings?per_page=100").json()
    assert everything["count"] == expected
    assert sum(v["count"] for v in everything["facets"]["state"]) == expected
    assert {v["value"] for v in everything["facets"]["state"]} == {"FRA", "CHN", "BRA"}
    for search in ("state=KEN", "article=20", "theme=illicit_enrichment", "q=zqxunpub", "q=zqxwithdrawn"):
        assert client.get(f"/api/v1/public/findings?{search}").json()["count"] == 0, search


def test_the_withdrawn_review_is_gone_before_the_index_catches_up(world):
    """Chile's entries are still in the index (no refresh ran) and yet are neither shown nor counted."""
    from irm.search.models import PublicEntry

    chl = world.reviews["CHL"]
    assert PublicEntry.objects.filter(scope=f"review:{chl.pk}").exists()
    answer = Client().get("/api/v1/public/findings?q=statute").json()
    assert answer["count"] == 0
    assert all(v["value"] != "CHL" for v in answer["facets"]["state"])


def test_bulk_download_never_serves_a_withdrawn_review(world, django_capture_on_commit_callbacks):
    from irm.reviews.models import Milestone, Stage

    client = Client()
    bulk.build()
    response = client.get("/public/findings/bulk/json/")
    assert response.status_code == 200
    data = json.loads(response.getvalue())
    assert data["count"] == 6
    _assert_clean(json.dumps(data, ensure_ascii=False), "bulk")
    # Brazil withdraws its consent: until the files are rewritten, they are not served.
    bra = world.reviews["BRA"]
    bra.report_publication_consent = False
    bra.save()
    Milestone.objects.filter(review=bra, stage=Stage.REPORT_PUBLISHED).update(done_on=None)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.get("/public/findings/bulk/csv/").status_code == 503
    bulk.build()
    response = client.get("/public/findings/bulk/csv/")
    assert response.status_code == 200
    text = _text(response)
    assert "Brazil regulates lobbying" not in text
    assert "France publishes" in text


def test_follow_up_counts_are_those_of_the_published_follow_up(follow_up_world):
    """Only China's follow-up is public: consent on an unpublished outcome (Kenya, Chile), a withdrawn
    consent (Brazil) and no consent (France) show nothing, count nothing, answer 404."""
    client = Client()
    answer = client.get("/api/v1/public/follow-up").json()
    assert answer["count"] == 2
    assert {i["state"] for i in answer["items"]} == {"CHN"}
    by_status = {i["status"]: i for i in answer["items"]}
    assert by_status["implemented"]["measures"] == "A national hotline opened in 2025"
    assert by_status["not_reported"]["measures"] == ""
    for search in (
        "state=KEN",
        "state=CHL",
        "state=BRA",
        "state=FRA",
        "article=20",
        "status=not_implemented",
    ):
        assert client.get(f"/api/v1/public/follow-up?{search}").json()["count"] == 0, search
    for iso3 in ("KEN", "CHL", "BRA", "FRA"):
        assert client.get(f"/public/follow-up/{iso3}/").status_code == 404, iso3
    page = client.get("/public/follow-up/").content.decode()
    assert "China" in page and "Kenya" not in page and "Brazil" not in page
    for f in follow_up_world.unpublished:
        assert client.get(f"/public/findings/{f.pk}/").status_code == 404
