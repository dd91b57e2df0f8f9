"""Fixtures of the findings tests: reviews with their milestones, and files to import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from irm.reviews.models import Milestone, Review, ReviewExpert, Stage
from tests.factories import review_with


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The demo cast sets passwords for eight users per test: a fast hasher keeps the tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_review(
    iso3: str = "KEN",
    *,
    cycle: int = 2,
    year: int = 1,
    reviewers: tuple[str, str] = ("NZL", "FRA"),
    agreed_on: date | None = None,
    finalized_on: date | None = None,
) -> Review:
    stages: dict[Stage, date | None] = {}
    if agreed_on:
        stages[Stage.SUMMARY_AGREED] = agreed_on
    if finalized_on:
        stages[Stage.REPORT_FINALIZED] = finalized_on
    return review_with(
        iso3,
        cycle=cycle,
        year=year,
        reviewers=reviewers,
        stages=stages,
        stage=[*stages][-1] if stages else None,
    )


@pytest.fixture
def review(cast):
    """Kenya's cycle-2 review, with expert-nzl assigned (the demo cast's confidential circle)."""
    r = make_review("KEN")
    assert r.reviewer_1 is not None
    ReviewExpert.objects.get_or_create(review=r, user=cast["expert-nzl"], defaults={"state": r.reviewer_1})
    return r


def agree_summary(review: Review, on: date = date(2023, 3, 1)) -> None:
    Milestone.objects.update_or_create(review=review, stage=Stage.SUMMARY_AGREED, defaults={"done_on": on})


@pytest.fixture
def write_file(tmp_path: Path):
    """write_file("name.csv", "text") or write_file("name.xlsx", [[...], ...]) → Path."""

    def write(name: str, content: str | list[list[object]]) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            from openpyxl import Workbook

            workbook = Workbook()
            sheet = workbook.active
            for row in content:
                sheet.append(row)
            workbook.save(path)
        return path

    return write
