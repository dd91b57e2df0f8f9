"""Issue 17 §1: each person's home shows their work (asserted on what the page says)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from irm.checklists import services as checklist_services
from irm.convention.models import Article
from irm.reviews.models import Milestone, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya(cast, reviews):
    review = reviews["KEN"]
    checklist = checklist_services.start_checklist(actor=cast["fp-kenya"], review=review)
    article = Article.objects.filter(number=5)[0]
    checklist_services.assign_article(
        actor=cast["fp-kenya"], checklist=checklist, article=article, user=cast["contrib-kenya"]
    )
    Milestone.objects.update_or_create(
        review=review,
        stage=Stage.DRAFT_REPORT_SENT,
        defaults={"due_on": timezone.localdate() + datetime.timedelta(days=30)},
    )
    return review, checklist


def test_the_focal_points_home_shows_the_checklist_progress_deadlines_and_what_is_overdue(
    client, cast, kenya
):
    _review, checklist = kenya
    client.force_login(cast["fp-kenya"])
    page = client.get("/").content.decode()
    assert f"/checklists/{checklist.pk}/" in page and "Open the checklist" in page
    assert "Article 5" in page and "Otieno Ministry" in page  # who works on what
    assert "Not started" in page and "not_started" not in page
    assert "Next deadline: Draft report sent" in page
    assert "Overdue" in page and "Direct dialogue held: due" in page and "days late" in page
    assert "/reviews/2/KEN/workflow/" in page


def test_the_contributors_home_lists_the_assigned_articles(client, cast, kenya):
    client.force_login(cast["contrib-kenya"])
    page = client.get("/").content.decode()
    assert "Articles assigned to you" in page and "Article 5" in page


def test_the_experts_home_shows_the_reviews_and_what_to_do(client, cast, kenya):
    client.force_login(cast["expert-nzl"])
    page = client.get("/").content.decode()
    assert "Reviews you are assigned to" in page and "Kenya" in page
    assert "Read the submitted checklist answers" in page and "Next deadline" in page
    assert "France" not in page.split("The mechanism at a glance")[0]


def test_a_finished_review_is_never_overdue_on_a_home(client, cast, reviews):
    france = reviews["FRA"]
    Milestone.objects.create(review=france, stage=Stage.KICK_OFF_HELD, due_on=datetime.date(2015, 1, 1))
    client.force_login(cast["fp-france"])
    page = client.get("/").content.decode()
    assert "France" in page and "days late" not in page


def test_the_delegates_and_observers_homes_show_sessions(client, cast):
    from datetime import datetime as dt
    from zoneinfo import ZoneInfo

    from irm.meetings import services
    from irm.meetings.models import Body

    start = timezone.localdate() + datetime.timedelta(days=20)
    services.create_session(
        actor=cast["secretariat"],
        body=Body.COSP,
        number=97,
        title_en="Ninety-seventh session",
        city="Vienna",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        opens_at=dt.combine(start, dt.min.time(), tzinfo=ZoneInfo("Europe/Vienna")),
    )
    client.force_login(cast["observer"])
    assert "Sessions open to you" in (page := client.get("/").content.decode())
    assert "Ninety-seventh session" in page
    client.force_login(cast["delegate"])
    page = client.get("/").content.decode()
    assert "Sessions your delegation is registered for" in page and "Lists of speakers" in page
    client.force_login(cast["secretariat"])
    page = client.get("/").content.decode()
    assert "Ninety-seventh session" in page and "/reviews/cycle/2/?overdue=on" in page


def test_the_donors_home_shows_contributions_and_reports(client, cast):
    client.force_login(cast["donor-norway"])
    page = client.get("/").content.decode()
    assert "Your contributions" in page and "Finance reports" in page
