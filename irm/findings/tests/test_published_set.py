"""The published set (`selectors.published_findings`): published summaries, and reports only with consent."""

from __future__ import annotations

from datetime import date

import pytest

from irm.findings import selectors
from irm.findings.models import Finding
from irm.findings.tests.conftest import make_review
from irm.reviews.models import Milestone, Stage

pytestmark = pytest.mark.django_db


def _finding(review, text: str) -> Finding:
    return Finding.objects.create(review=review, type="observation", text=text)


def _done(review, stage: Stage) -> None:
    Milestone.objects.update_or_create(review=review, stage=stage, defaults={"done_on": date(2023, 4, 1)})


def test_published_set_is_published_summaries_and_consented_reports_only():
    draft = make_review("KEN", agreed_on=date(2023, 3, 1))
    summary = make_review("FRA", reviewers=("DEU", "ITA"), agreed_on=date(2023, 3, 1))
    report_only = make_review("BRA", reviewers=("ARG", "CHL"), agreed_on=date(2023, 3, 1))
    no_consent = make_review("CHN", reviewers=("IND", "PAK"), agreed_on=date(2023, 3, 1))
    findings = {
        r.state.iso3: _finding(r, f"finding of {r.state.iso3}")
        for r in (draft, summary, report_only, no_consent)
    }
    _done(summary, Stage.SUMMARY_PUBLISHED)
    _done(report_only, Stage.REPORT_PUBLISHED)
    report_only.report_publication_consent = True
    report_only.save()
    _done(no_consent, Stage.REPORT_PUBLISHED)  # a published report without consent is not public

    public = set(selectors.published_findings().values_list("pk", flat=True))

    assert public == {findings["FRA"].pk, findings["BRA"].pk}
    assert set(selectors.published_reviews()) == {summary, report_only}


def test_withdrawn_consent_leaves_the_published_set():
    review = make_review("BRA", reviewers=("ARG", "CHL"), agreed_on=date(2023, 3, 1))
    finding = _finding(review, "a finding of the report")
    _done(review, Stage.REPORT_PUBLISHED)
    review.report_publication_consent = True
    review.save()
    assert selectors.published_findings().filter(pk=finding.pk).exists()

    review.report_publication_consent = False
    review.save()

    assert not selectors.published_findings().filter(pk=finding.pk).exists()
