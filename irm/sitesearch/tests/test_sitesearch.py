"""The signed-in search finds only what each user may see, through the owning apps' permissions,
and the public search never reaches the restricted index."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client, override_settings

from irm.checklists.models import Answer, Assignment, Checklist, Question
from irm.convention.models import Article
from irm.findings.models import Finding
from irm.meetings.models import Document, Session
from irm.public.tests.conftest import review_of
from irm.reviews.models import ReviewExpert
from irm.search import facets
from irm.sitesearch import indexing, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya(cast):
    facets.forget()
    review = review_of("KEN", ("NZL", "FRA"))
    assert review.reviewer_1 is not None
    ReviewExpert.objects.get_or_create(
        review=review, user=cast["expert-nzl"], defaults={"state": review.reviewer_1}
    )
    draft = Finding.objects.create(
        review=review, type="challenge", text="Zqxdraft county procurement lacks oversight.", language="en"
    )
    draft.articles.set(Article.objects.filter(number=9))
    checklist = Checklist.objects.create(review=review)
    on_5 = Question.objects.filter(cycle=review.cycle, article__number=5, kind="text").first()
    on_7 = Question.objects.filter(cycle=review.cycle, article__number=7, kind="text").first()
    assert on_5 and on_7
    Answer.objects.create(
        checklist=checklist, question=on_5, value="Zqxlive national strategy adopted in 2018."
    )
    Answer.objects.create(
        checklist=checklist, question=on_7, value="Zqxlive recruitment rules for officials."
    )
    Assignment.objects.create(
        checklist=checklist, article=Article.objects.get(number=7), user=cast["contrib-kenya"]
    )
    return review


def _hits(user, q: str) -> dict[str, int]:
    return {group.kind: group.count for group in selectors.search(user, q)}


def test_each_user_finds_only_what_the_pages_would_show_them(kenya, cast):
    indexing.rebuild()
    assert _hits(cast["secretariat"], "zqxlive")["checklist_answer"] == 2
    assert _hits(cast["fp-kenya"], "zqxlive")["checklist_answer"] == 2
    assert _hits(cast["contrib-kenya"], "zqxlive")["checklist_answer"] == 1  # article 7, assigned
    assert (
        _hits(cast["expert-nzl"], "zqxlive")["checklist_answer"] == 0
    )  # experts read submitted versions only
    assert _hits(cast["fp-france"], "zqxlive")["checklist_answer"] == 0
    assert _hits(cast["fp-kenya"], "zqxdraft")["finding"] == 1
    assert _hits(cast["expert-nzl"], "zqxdraft")["finding"] == 1
    assert _hits(cast["fp-france"], "zqxdraft")["finding"] == 0
    assert _hits(cast["contrib-kenya"], "zqxdraft")["finding"] == 0  # a draft of article 9, not assigned


def test_the_page_needs_a_login_and_is_never_cached(kenya, cast):
    indexing.rebuild()
    anonymous = Client().get("/search/", {"q": "zqxlive"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client = Client()
    client.force_login(cast["contrib-kenya"])
    response = client.get("/search/", {"q": "zqxlive"})
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "recruitment rules" in html
    assert "national strategy" not in html


def test_the_public_search_never_reaches_confidential_text(kenya):
    indexing.rebuild()
    for q in ("zqxlive", "zqxdraft"):
        assert Client().get("/api/v1/public/findings", {"q": q}).json()["count"] == 0


def test_session_papers_follow_the_meetings_rules(cast):
    session = Session.objects.create(
        slug="irg-test",
        body="IRG",
        number=99,
        title_en="Test session",
        city="Vienna",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 3),
        opens_at=datetime(2026, 6, 1, 8, tzinfo=UTC),
    )
    Document.objects.create(
        session=session,
        symbol="CAC/COSP/IRG/2026/CRP.9",
        title_en="Zqxpaper conference room paper",
        access="restricted",
    )
    indexing.rebuild()
    assert _hits(cast["secretariat"], "zqxpaper")["session_document"] == 1
    assert _hits(cast["fp-france"], "zqxpaper")["session_document"] == 1  # a State party's focal point
    assert _hits(cast["observer"], "zqxpaper")["session_document"] == 0


def test_a_saved_answer_is_searchable_after_commit(kenya, cast, django_capture_on_commit_callbacks):
    from irm.checklists import services

    indexing.rebuild()
    checklist = Checklist.objects.get(review=kenya)
    question = Question.objects.filter(cycle=kenya.cycle, article__number=5, kind="text").first()
    assert question is not None
    answer = Answer.objects.get(checklist=checklist, question=question)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_answer(
            actor=cast["fp-kenya"],
            checklist=checklist,
            question=question,
            value="Zqxnew text",
            base_version=answer.version,
        )
    assert _hits(cast["fp-kenya"], "zqxnew")["checklist_answer"] == 1
    assert indexing.sync() == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_saves_while_the_worker_is_busy_wait_as_one_refresh(kenya, cast, django_capture_on_commit_callbacks):
    """Issue 18 §6: each autosave used to queue its own refresh of the whole checklist; now a refresh of
    the same checklist that has not started yet covers the saves after it, and the index ends current."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from irm.checklists import services
    from irm.search.tasks import reindex

    indexing.rebuild()
    checklist = Checklist.objects.get(review=kenya)
    question = Question.objects.filter(cycle=kenya.cycle, article__number=5, kind="text").first()
    assert question is not None
    version = Answer.objects.get(checklist=checklist, question=question).version

    def save(text: str) -> None:
        nonlocal version
        with django_capture_on_commit_callbacks(execute=True):
            version = services.save_answer(
                actor=cast["fp-kenya"],
                checklist=checklist,
                question=question,
                value=text,
                base_version=version,
            ).version

    def waiting() -> list[DBTaskResult]:
        return list(DBTaskResult.objects.filter(task_path=reindex.module_path, status=TaskResultStatus.READY))

    save("Zqxfirst draft of the strategy.")
    save("Zqxsecond draft of the strategy.")
    (task,) = waiting()  # one refresh queued for two saves
    assert task.args_kwargs["kwargs"] == {"kind": "checklist", "object_ids": [checklist.pk]}

    task.claim("worker-1")  # the worker takes it: a save from now on needs a refresh of its own
    save("Zqxthird draft of the strategy.")
    assert len(waiting()) == 1
    reindex.call(**task.args_kwargs["kwargs"])
    (later,) = waiting()
    reindex.call(**later.args_kwargs["kwargs"])
    assert _hits(cast["fp-kenya"], "zqxthird")["checklist_answer"] == 1
    assert _hits(cast["fp-kenya"], "zqxsecond").get("checklist_answer", 0) == 0
    assert indexing.sync() == 0
