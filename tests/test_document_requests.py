"""Anonymous requests cannot create unbounded work (issue 14 §2): only the six languages and the known
formats, over-long values a 400, each document rendered once per content version, a rate limit per client."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import caches
from django.test import override_settings

from irm.cycles.models import Cycle
from irm.findings.models import GeneratedDocument
from irm.parties.models import State
from irm.reviews.models import Milestone, Review, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_caches():
    caches["documents"].clear()
    caches["default"].clear()


@pytest.fixture
def published(db) -> Review:
    """Kenya's cycle-2 review with its executive summary published (the document is public)."""
    review = Review.objects.create(
        cycle=Cycle.objects.get(number=2), state=State.objects.get(iso3="KEN"), year=1
    )
    Milestone.objects.create(review=review, stage=Stage.SUMMARY_AGREED, done_on=date(2023, 3, 1))
    Milestone.objects.create(review=review, stage=Stage.SUMMARY_PUBLISHED, done_on=date(2023, 4, 1))
    return review


def page(review: Review) -> str:
    return f"/findings/reviews/{review.pk}/documents/executive_summary/"


def api(review: Review) -> str:
    return f"/api/v1/findings/reviews/{review.pk}/documents/executive_summary"


def test_an_unknown_language_is_a_400_and_stores_nothing(client, published):
    response = client.get(page(published), {"language": "zz"})
    assert response.status_code == 400
    assert "Unknown language" in response.content.decode() and "Chinese" in response.content.decode()
    response = client.get(api(published), {"language": "zz"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request" and response.json()["field"] == "language"
    assert client.get(api(published), {"format": "exe"}).status_code == 400
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("where", ["page", "api"])
def test_an_over_long_value_is_a_400_never_a_500(client, published, where):
    url = page(published) if where == "page" else api(published)
    response = client.get(url, {"language": "x" * 5000})
    assert response.status_code == 400
    if where == "api":
        assert response.json()["code"] == "too_long"
    assert not GeneratedDocument.objects.exists()


def test_repeating_a_document_request_renders_nothing_new(client, published, monkeypatch):
    from irm.findings import documents

    renders: list[int] = []
    original = documents.render_docx

    def counted(data: Any) -> bytes:
        renders.append(1)
        return original(data)

    monkeypatch.setattr(documents, "render_docx", counted)
    for language in ("en", "en", "zh", "zh", "en"):
        assert client.get(api(published), {"language": language}).status_code == 200
    assert len(renders) == 2 and GeneratedDocument.objects.count() == 2


def test_the_analysis_report_is_rendered_once_per_content_version(client, monkeypatch):
    from irm.analysis import reports

    renders: list[str] = []
    original = reports.needs_docx

    def counted(data: Any, language: str, **kwargs: Any) -> bytes:
        renders.append(language)
        return original(data, language, **kwargs)

    monkeypatch.setattr(reports, "needs_docx", counted)
    for _ in range(3):
        response = client.get("/analysis/report.docx", {"cycle": 2, "lang": "en"})
        assert response.status_code == 200
    assert renders == ["en"]
    assert client.get("/analysis/report.docx", {"cycle": 2, "lang": "fr"}).status_code == 400
    assert client.get("/analysis/charts/by_region.svg", {"cycle": 2, "lang": "zz"}).status_code == 400


def test_the_finance_report_and_checklist_exports_refuse_unknown_languages_and_formats(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/finance/report.docx", {"lang": "xx"}).status_code == 400
    assert client.get("/checklists/1/export.exe").status_code == 400


@override_settings(IRM_RATE_LIMITS={"documents": "3/m"})
def test_expensive_endpoints_are_rate_limited_per_client(client, published, cast):
    for _ in range(3):
        assert client.get(api(published)).status_code == 200
    refused = client.get(api(published))
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) == 60
    page_refused = client.get(page(published))
    assert page_refused.status_code == 429 and int(page_refused["Retry-After"]) == 60
    assert "Too many requests" in page_refused.content.decode()
    # Another client (a logged-in user counts as itself) is not affected.
    client.force_login(cast["observer"])
    assert client.get(api(published)).status_code == 200
