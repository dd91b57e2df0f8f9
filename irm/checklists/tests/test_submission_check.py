"""Checks before submission (issue 17 §6, as KoboToolbox does): a required answer missing or a constraint
broken stops the submission with the list; what is only unanswered needs an explicit confirmation; a
checklist with most articles untouched is never submitted with one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from irm.checklists import services
from irm.checklists.answers import check_submission
from irm.checklists.models import Checklist
from irm.checklists.tests.conftest import fill_required, question
from irm.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def _answer(checklist, actor, code: str, value) -> None:
    services.save_answer(
        actor=actor, checklist=checklist, question=question(checklist, code), value=value, base_version=0
    )


def test_the_reference_questions_say_what_is_required():
    from irm.checklists.models import Question

    assert Question.objects.get(cycle__number=2, code="a5-status").required
    gaps = Question.objects.get(cycle__number=2, code="a5-gaps")
    assert gaps.required and gaps.min_length == 20
    assert not Question.objects.get(cycle__number=2, code="a5-examples").required


def test_required_answers_missing_refuse_the_submission_with_the_list(checklist, cast):
    fp = cast["fp-kenya"]
    _answer(checklist, fp, "a5-status", "partly")  # 18 of 19 articles untouched
    with pytest.raises(InvalidInput) as refused:
        services.submit_checklist(actor=fp, checklist=checklist, confirmed=True)
    assert refused.value.code == "answer_incomplete"
    missing = {g["question"] for g in refused.value.details["missing"]}
    assert {"a5-gaps", "a5-measures", "a6-status", "a6-measures"} <= missing  # the gaps shown by "partly"
    assert len(refused.value.details["untouched_articles"]) == 18
    assert Checklist.objects.get(pk=checklist.pk).status == Checklist.Status.DRAFT
    assert not checklist.submissions.exists()


def test_a_constraint_broken_is_listed_with_its_words(checklist, cast):
    fp = cast["fp-kenya"]
    _answer(checklist, fp, "a5-measures", "Too short.")
    fill_required(checklist, fp)
    check = check_submission(checklist)
    assert [(g.code, g.message) for g in check.invalid] == [
        ("a5-measures", "At least 20 characters (10 now).")
    ]
    assert not check.missing and check.blocking


def test_optional_questions_unanswered_need_a_confirmation(checklist, cast):
    fp = cast["fp-kenya"]
    fill_required(checklist, fp)
    with pytest.raises(InvalidInput) as refused:
        services.submit_checklist(actor=fp, checklist=checklist)
    assert refused.value.code == "submission_unconfirmed"
    assert {g["question"] for g in refused.value.details["unanswered"]} >= {"a5-key", "a5-examples"}
    assert not checklist.submissions.exists()
    assert services.submit_checklist(actor=fp, checklist=checklist, confirmed=True).number == 1


def test_the_check_page_lists_and_links_what_is_missing_and_offers_no_submit(client, checklist, cast):
    fp = cast["fp-kenya"]
    _answer(checklist, fp, "a5-status", "fully")
    client.force_login(fp)
    detail = client.get(reverse("checklists:detail", args=[checklist.pk])).content.decode()
    assert 'id="check-and-submit"' in detail and 'id="submit-answer"' not in detail
    page = client.get(reverse("checklists:submit", args=[checklist.pk])).content.decode()
    link = reverse("checklists:article", args=[checklist.pk, 6]) + "#q-a6-status"
    assert f'href="{link}"' in page and "An answer is required." in page
    assert "18 articles have nothing answered" in page
    assert 'id="submit-answer"' not in page
    response = client.post(reverse("checklists:submit", args=[checklist.pk]), {"confirm": "1"})
    assert response.status_code == 422
    assert "Required answers are missing" in response.content.decode()
    assert not checklist.submissions.exists()


def test_the_check_page_asks_for_confirmation_then_submits(client, checklist, cast):
    fp = cast["fp-kenya"]
    fill_required(checklist, fp)
    client.force_login(fp)
    page = client.get(reverse("checklists:submit", args=[checklist.pk])).content.decode()
    assert 'id="submit-confirm"' in page and "optional questions not answered" in page
    url = reverse("checklists:submit", args=[checklist.pk])
    unconfirmed = client.post(url, {"note": "First answer"})
    assert unconfirmed.status_code == 422 and 'value="First answer"' in unconfirmed.content.decode()
    assert not checklist.submissions.exists()
    response = client.post(url, {"note": "First answer", "confirm": "1"})
    assert response.status_code == 302
    assert checklist.submissions.get().note == "First answer"


def test_the_api_refuses_without_confirmation_and_lists_the_questions(client, checklist, cast):
    fp = cast["fp-kenya"]
    fill_required(checklist, fp)
    client.force_login(fp)
    url = f"/api/v1/checklists/{checklist.pk}/submit"
    refused = client.post(url, {"note": ""}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "submission_unconfirmed"
    assert any(g["question"] == "a5-examples" for g in refused.json()["unanswered"])
    done = client.post(url, {"note": "", "confirm": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["number"] == 1
