"""The findings forms guide: articles by number and title, categories by name, no ids or codes; what
was typed stays after an error, and each error sits beside its field."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from irm.cycles.models import TACategory
from irm.findings import services
from irm.findings.models import Finding

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visible(html: str) -> str:
    """The page's text as a person reads it (no tags, so no option values)."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_add_form_names_articles_and_categories_never_codes(cast, review):
    html = _client(cast["expert-nzl"]).get(f"/findings/reviews/{review.pk}/").content.decode()
    form = html[html.index('id="add-finding"') :]
    assert "Article 5 — Preventive anti-corruption policies and practices" in form
    category = TACategory.objects.filter(cycle=review.cycle).first()
    assert category is not None and category.name in form
    text = _visible(form)
    assert category.code not in text
    assert "codes separated by semicolons" not in text


def test_a_refused_finding_keeps_what_was_typed_and_marks_the_field(cast, review):
    response = _client(cast["expert-nzl"]).post(
        f"/findings/reviews/{review.pk}/",
        {
            "type": "observation",
            "chapter": "5",
            "articles": ["5"],
            "text": "Typed with care.",
            "language": "en",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Typed with care.</textarea>" in html
    assert re.search(r'<option value="5" selected>Article 5 —', html)
    assert "are not in chapter V" in html
    select = re.search(r'<select name="articles"[^>]*>', html)
    assert (
        select
        and "is-invalid" in select.group(0)
        and 'aria-describedby="id_articles_helptext id_articles_error"' in select.group(0)
    )
    assert 'class="invalid-feedback d-block" id="id_articles_error"' in html
    assert not Finding.objects.exists()


def test_a_missing_text_is_shown_beside_the_text_field(cast, review):
    response = _client(cast["expert-nzl"]).post(
        f"/findings/reviews/{review.pk}/", {"type": "ta_need", "articles": ["6"], "categories": ["nope"]}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_text_error"' in html and 'id="id_categories_error"' in html
    assert re.search(r'<option value="6" selected>', html)


def test_editing_a_finding_shows_its_articles_and_categories_chosen(cast, review):
    category = TACategory.objects.filter(cycle=review.cycle).first()
    assert category is not None
    finding = services.create_finding(
        actor=cast["expert-nzl"],
        review=review,
        type="ta_need",
        text="Training of investigators.",
        articles=[6],
        categories=[category.code],
    )
    html = _client(cast["expert-nzl"]).get(f"/findings/findings/{finding.pk}/edit/").content.decode()
    assert re.search(r'<option value="6" selected>Article 6 —', html)
    assert re.search(rf'value="{category.code}"[^>]*checked', html)
    response = _client(cast["expert-nzl"]).post(
        f"/findings/findings/{finding.pk}/edit/",
        {
            "type": "ta_need",
            "articles": ["5", "6"],
            "categories": [category.code],
            "text": "Training.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert sorted(a.number for a in Finding.objects.get().articles.all()) == [5, 6]


def test_a_recommendation_chooses_its_challenge_by_its_text(cast, review):
    challenge = services.create_finding(
        actor=cast["expert-nzl"], review=review, type="challenge", text="No asset declarations.", articles=[5]
    )
    client = _client(cast["expert-nzl"])
    html = client.get(f"/findings/reviews/{review.pk}/").content.decode()
    assert f'<option value="{challenge.pk}">No asset declarations.</option>' in html
    client.post(
        f"/findings/reviews/{review.pk}/",
        {
            "type": "recommendation",
            "articles": ["5"],
            "text": "Adopt a law.",
            "language": "en",
            "answers": str(challenge.pk),
        },
    )
    assert Finding.objects.get(type="recommendation").answers == challenge
