"""A review's public pages link its published executive summary as a web page, Word and PDF
(issue 17 §12), and the full report only once it is published with the State's consent."""

from __future__ import annotations

from datetime import date

import pytest

from irm.reviews.models import Stage
from tests.factories import review_with

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)


def test_the_review_page_links_the_summary_as_a_page_word_and_pdf(client):
    review = review_with(
        "FRA", reviewers=("DEU", "NZL"), stages={Stage.SUMMARY_PUBLISHED: DAY}, stage=Stage.SUMMARY_PUBLISHED
    )
    text = client.get("/reviews/2/FRA/").content.decode()
    links = text[text.index('id="published-summary"') :]
    links = links[: links.index("</p>")]
    assert f'href="/public/summaries/{review.pk}/"' in links
    assert f'href="/findings/reviews/{review.pk}/documents/executive_summary/?format=docx">Word</a>' in links
    assert f'href="/findings/reviews/{review.pk}/documents/executive_summary/?format=pdf">PDF</a>' in links
    assert 'id="published-report"' not in text  # no consent, no published report


def test_the_report_is_linked_once_published_with_consent(client):
    review = review_with(
        "FRA",
        reviewers=("DEU", "NZL"),
        stages={Stage.SUMMARY_PUBLISHED: DAY, Stage.REPORT_PUBLISHED: DAY},
        stage=Stage.REPORT_PUBLISHED,
    )
    review.report_publication_consent = True
    review.save()
    text = client.get("/reviews/2/FRA/").content.decode()
    assert f"/findings/reviews/{review.pk}/documents/country_report/?format=pdf" in text
    party = client.get("/parties/FRA/").content.decode()
    assert f'href="/public/summaries/{review.pk}/">Executive summary</a>' in party
    assert f"/findings/reviews/{review.pk}/documents/executive_summary/?format=pdf" in party
    assert f"/findings/reviews/{review.pk}/documents/country_report/?format=docx" in party


def test_nothing_is_linked_before_publication(client):
    review = review_with("KEN", stages={Stage.SUMMARY_AGREED: DAY}, stage=Stage.SUMMARY_AGREED)
    text = client.get("/reviews/2/KEN/").content.decode()
    assert "published-summary" not in text and f"/findings/reviews/{review.pk}/documents/" not in text
    assert "/public/summaries/" not in client.get("/parties/KEN/").content.decode()
