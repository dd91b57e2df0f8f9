"""In a real browser: an expert adds a finding choosing the article by its title; a refusal keeps what
was typed and shows the error beside the field."""

from __future__ import annotations

import pytest

from irm.findings.models import Finding
from irm.findings.tests.conftest import make_review
from irm.reviews.models import ReviewExpert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_adds_a_finding_by_article_title_and_fixes_an_error(page, login, cast):
    from playwright.sync_api import expect

    review = make_review("KEN")
    assert review.reviewer_1 is not None
    ReviewExpert.objects.create(review=review, user=cast["expert-nzl"], state=review.reviewer_1)
    login(page, "expert-nzl", "expert-demo")
    page.goto(f"/findings/reviews/{review.pk}/")
    page.select_option("#id_type", label="Challenge")
    page.select_option("#id_chapter", index=2)  # chapter V: article 5 is not in it
    page.select_option("#id_articles", label="Article 5 — Preventive anti-corruption policies and practices")
    page.fill("#id_text", "No body prevents corruption.")
    page.click("#add-finding button[type=submit]")
    expect(page.locator("#id_articles")).to_have_class("form-select is-invalid")
    expect(page.locator("#id_articles_error")).to_contain_text("not in chapter V")
    expect(page.locator("#id_text")).to_have_value("No body prevents corruption.")
    page.select_option("#id_chapter", index=0)
    page.click("#add-finding button[type=submit]")
    expect(page.locator("body")).to_contain_text("Finding added.")
    assert [a.number for a in Finding.objects.get().articles.all()] == [5]
