"""Findings and follow-up reports written in bulk (the demo loader, records of the past)."""

from __future__ import annotations

from datetime import date

import pytest

from irm.convention.models import Article
from irm.core.exceptions import InvalidInput
from irm.findings import services
from irm.findings.imports import FindingRow
from irm.findings.models import Finding, FollowUpReport
from irm.findings.services import PastFollowUp, content_key
from irm.findings.tests.conftest import make_review

pytestmark = pytest.mark.django_db


def _row(review, type: str, text: str) -> FindingRow:
    article = Article.objects.get(number=5)
    return FindingRow(
        row=0,
        review_id=review.pk,
        type=type,
        chapter_id=article.chapter_id,
        chapter_number=article.chapter.number,
        article_ids=[article.pk],
        article_numbers=[5],
        category_ids=[],
        primary_id=None,
        text=text,
        language="en",
        paragraphs="",
        ref="",
        answers_ref="",
        key=content_key(type, article.chapter.number, [5], text),
    )


def test_findings_of_an_agreed_summary_are_frozen_and_others_are_not(cast):
    agreed = make_review("KEN", agreed_on=date(2022, 6, 1))
    open_review = make_review("UGA")
    rows = [_row(agreed, "observation", "Agreed."), _row(open_review, "observation", "Still a draft.")]
    assert services.add_findings(actor=None, rows=rows) == 2
    assert all(r.match_id for r in rows)
    assert Finding.objects.get(text="Agreed.").frozen_at is not None
    assert Finding.objects.get(text="Still a draft.").frozen_at is None


def test_follow_up_reports_set_the_recommendations_latest_status_and_refuse_other_findings(cast):
    review = make_review("KEN", agreed_on=date(2022, 6, 1))
    rows = [_row(review, "recommendation", "Amend the law."), _row(review, "challenge", "The law is old.")]
    services.add_findings(actor=None, rows=rows)
    recommendation = Finding.objects.get(type="recommendation")
    challenge = Finding.objects.get(type="challenge")
    reports = [
        PastFollowUp(
            recommendation, "Bill drafted.", "partially_implemented", date(2023, 5, 1), cast["fp-kenya"]
        ),
        PastFollowUp(recommendation, "Act adopted.", "implemented", date(2024, 5, 1), cast["fp-kenya"]),
    ]
    assert services.record_follow_up_reports(actor=None, reports=reports) == 2
    recommendation.refresh_from_db()
    assert recommendation.follow_up_status == "implemented"
    wrong = [PastFollowUp(challenge, "?", "implemented", date(2024, 5, 1), cast["fp-kenya"])]
    with pytest.raises(InvalidInput):
        services.record_follow_up_reports(actor=None, reports=wrong)
    assert FollowUpReport.objects.count() == 2
