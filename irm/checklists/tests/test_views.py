"""The pages answer 404 outside the circle, save answers as JSON and refuse stale saves with 409."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from irm.checklists import services
from irm.checklists.models import Answer
from irm.checklists.tests.conftest import article, fill_required, question

pytestmark = pytest.mark.django_db


def _save(client, checklist, code, value, base):
    return client.post(
        reverse("checklists:answer-save", args=[checklist.pk, code]),
        data=json.dumps({"value": value, "base_version": base}),
        content_type="application/json",
    )


def test_contributor_gets_404_for_an_unassigned_article_and_can_save_an_assigned_one(client, checklist, cast):
    services.assign_article(
        actor=cast["fp-kenya"], checklist=checklist, article=article(5), user=cast["contrib-kenya"]
    )
    client.force_login(cast["contrib-kenya"])
    assert client.get(reverse("checklists:article", args=[checklist.pk, 6])).status_code == 404
    assert _save(client, checklist, "a6-measures", "x", 0).status_code == 404
    page = client.get(reverse("checklists:article", args=[checklist.pk, 5]))
    assert page.status_code == 200 and "a5-measures" in page.content.decode()
    overview = client.get(reverse("checklists:detail", args=[checklist.pk])).content.decode()
    assert "Article" in overview and "/articles/6/" not in overview
    response = _save(client, checklist, "a5-measures", "National strategy", 0)
    assert response.status_code == 200 and response.json()["version"] == 1
    assert client.get(reverse("checklists:versions", args=[checklist.pk])).status_code == 404


def test_stale_autosave_is_refused_with_409_and_both_versions(client, checklist, cast):
    client.force_login(cast["fp-kenya"])
    assert _save(client, checklist, "a5-measures", "mine", 0).status_code == 200
    assert _save(client, checklist, "a5-measures", "mine, later", 1).status_code == 200
    response = _save(client, checklist, "a5-measures", "from an old tab", 1)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "edit_conflict" and body["current_value"] == "mine, later"
    assert body["your_value"] == "from an old tab" and body["current_version"] == 2
    assert Answer.objects.get(checklist=checklist, question__code="a5-measures").value == "mine, later"


def test_outsiders_get_404_everywhere(client, checklist, cast, other_expert):
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="fully",
        base_version=0,
    )
    fill_required(checklist, cast["fp-kenya"])
    services.submit_checklist(actor=cast["fp-kenya"], checklist=checklist, confirmed=True)
    urls = [
        reverse("checklists:detail", args=[checklist.pk]),
        reverse("checklists:article", args=[checklist.pk, 5]),
        reverse("checklists:versions", args=[checklist.pk]),
        reverse("checklists:export", args=[checklist.pk, "docx"]),
    ]
    for user in (other_expert, cast["delegate"], cast["fp-france"], cast["observer"]):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page


def test_expert_sees_the_submitted_version_not_the_draft(client, checklist, cast):
    fp = cast["fp-kenya"]
    q = question(checklist, "a5-measures")
    services.save_answer(
        actor=fp, checklist=checklist, question=q, value="Submitted text of the measures", base_version=0
    )
    fill_required(checklist, fp)
    services.submit_checklist(actor=fp, checklist=checklist, confirmed=True)
    services.reopen_checklist(actor=fp, checklist=checklist, reason="desk review")
    services.save_answer(actor=fp, checklist=checklist, question=q, value="Draft in progress", base_version=1)
    client.force_login(cast["expert-nzl"])
    page = client.get(reverse("checklists:detail", args=[checklist.pk])).content.decode()
    assert "Submitted text" in page and "Draft in progress" not in page
    assert (
        client.get(reverse("checklists:versions", args=[checklist.pk]) + "?a=1&b=current").status_code == 404
    )
    response = client.get(reverse("checklists:export", args=[checklist.pk, "docx"]))
    assert response.status_code == 200
    response = client.post(reverse("checklists:ask", args=[checklist.pk, 5]), {"body": "Which act?"})
    assert response.status_code == 302 and checklist.threads.count() == 1


def test_focal_point_pages_render(client, checklist, cast):
    client.force_login(cast["fp-kenya"])
    assert client.get(reverse("checklists:list")).status_code == 200
    assert client.get(reverse("checklists:detail", args=[checklist.pk])).status_code == 200
    assert client.get(reverse("checklists:article", args=[checklist.pk, 14])).status_code == 200
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-status"),
        value="fully",
        base_version=0,
    )
    fill_required(checklist, cast["fp-kenya"])
    services.submit_checklist(actor=cast["fp-kenya"], checklist=checklist, confirmed=True)
    page = client.get(reverse("checklists:versions", args=[checklist.pk]) + "?a=1&b=current&all=1")
    assert page.status_code == 200 and "Fully implemented" in page.content.decode()
    xlsx = client.get(reverse("checklists:export", args=[checklist.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_pdf_export_where_libreoffice_is_installed(client, checklist, cast):
    from irm.core.documents import pdf_available

    if not pdf_available():
        pytest.skip("LibreOffice is not installed: the PDF export falls back to Word")
    services.save_answer(
        actor=cast["fp-kenya"],
        checklist=checklist,
        question=question(checklist, "a5-measures"),
        value="Act",
        base_version=0,
    )
    client.force_login(cast["fp-kenya"])
    response = client.get(reverse("checklists:export", args=[checklist.pk, "pdf"]))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
