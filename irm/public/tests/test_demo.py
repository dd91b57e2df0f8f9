"""The demo has published findings in several languages, Chinese among them, found by the search."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client

from irm.findings.models import FindingTranslation
from irm.findings.selectors import published_findings
from irm.public import indexing
from irm.search import facets
from irm.themes.models import FindingTag, TagStatus

pytestmark = pytest.mark.django_db


def test_published_findings_exist_in_several_languages_and_are_searchable(demo):
    published = published_findings()
    languages = dict(
        FindingTranslation.objects.filter(finding__in=published, reviewed=True)
        .values_list("language")
        .annotate(n=Count("pk"))
    )
    assert {"zh", "fr", "es", "ru", "ar"} <= set(languages)
    assert languages["zh"] > published.count() // 2
    assert FindingTag.objects.filter(status=TagStatus.CONFIRMED, finding__in=published).exists()
    facets.forget()
    indexing.rebuild()
    answer = Client().get("/api/v1/public/findings", {"q": "腐败", "language": "zh"}).json()
    assert answer["count"] > 0
    assert "腐败" in answer["items"][0]["text"]
    languages_facet = {v["value"] for v in answer["facets"]["language"]}
    assert {"zh", "en"} <= languages_facet
    facets.forget()
