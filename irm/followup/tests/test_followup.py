"""The self-assessment section, the compilations (page, chart, exports) and `irm followup report`."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from irm.convention.models import Article
from irm.followup import selectors

pytestmark = pytest.mark.django_db


def test_the_compilation_counts_add_up_and_follow_the_day_asked_for(story):
    assert Article.objects.filter(number=15).exists()
    today = selectors.compile_follow_up(cycle_number=1)
    assert today.recommendations == 3 == sum(today.by_status.values())
    assert today.by_status["implemented"] == 1 and today.by_status["not_reported"] == 1
    assert today.by_article[15]["implemented"] == 1 and today.by_article[15]["not_implemented"] == 1
    assert today.by_article[16] == {**dict.fromkeys(selectors.STATUSES, 0), "not_implemented": 1}
    earlier = selectors.compile_follow_up(cycle_number=1, as_of=date(2020, 6, 1))
    assert earlier.by_status["partially_implemented"] == 1 and earlier.by_status["not_reported"] == 2
    assert selectors.compile_follow_up(cycle_number=1, as_of=date(2015, 1, 1)).recommendations == 0
    assert selectors.compile_follow_up(cycle_number=1, published_only=True).recommendations == 0


def test_the_report_command_prints_json_whose_statuses_add_up(story):
    out = StringIO()
    call_command("followup", "report", "--cycle", "1", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"cycle", "recommendations", "by_status", "by_article"}
    assert data["cycle"] == 1 and sum(data["by_status"].values()) == data["recommendations"] == 3
    assert data["by_article"]["15"]["implemented"] == 1
    out = StringIO()
    call_command(
        "followup", "report", "--cycle", "1", "--as-of", "2020-06-01", "--format", "text", stdout=out
    )
    text = out.getvalue()
    assert (
        "3 recommendations" in text
        and "Partially implemented: 1" in text
        and "partially_implemented" not in text
    )


def test_the_self_assessment_section_from_the_checklist(cast, story):
    _first, later, _recs = story
    client = Client()
    client.force_login(cast["fp-kenya"])
    page = client.get(f"/follow-up/reviews/{later.pk}/").content.decode()
    assert "R15-16" in page and "Not implemented" in page and "Report</a>" in page
    assert f"?in={later.pk}" in page and "Publish our follow-up" in page
    client.force_login(cast["expert-nzl"])
    page = client.get(f"/follow-up/reviews/{later.pk}/").content.decode()
    assert "R9" in page and "Read</a>" in page and "Publish our follow-up" not in page
    client.force_login(cast["fp-france"])
    assert client.get(f"/follow-up/reviews/{later.pk}/").status_code == 404
    assert Client().get(f"/follow-up/reviews/{later.pk}/").status_code in (302, 404)


def test_publishing_says_the_follow_up_waits_for_the_published_summary(cast, story):
    """R-F2: the focal point's consent publishes nothing while the executive summary is unpublished, and
    the self-assessment page says so instead of "published"; once the summary is published, it is."""
    from irm.reviews.models import Stage
    from tests.factories import MilestoneFactory

    first, later, _recs = story
    client = Client()
    client.force_login(cast["fp-kenya"])
    own = f"/follow-up/reviews/{later.pk}/"
    response = client.post(
        f"/findings/reviews/{first.pk}/follow-up/publication/", {"publish": "1", "next": own}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == own
    assert "will be public once the executive summary is published" in page
    assert "Your follow-up is published." not in page and "Follow-up published" not in page
    assert "Publication agreed" in page and "Withdraw publication" in page
    MilestoneFactory(review=first, stage=Stage.SUMMARY_PUBLISHED, done_on=date(2016, 1, 1))
    page = client.get(own).content.decode()
    assert "Follow-up published" in page and "Publication agreed" not in page
    client.post(f"/findings/reviews/{first.pk}/follow-up/publication/", {"publish": "0", "next": own})
    response = client.post(
        f"/findings/reviews/{first.pk}/follow-up/publication/", {"publish": "1", "next": own}, follow=True
    )
    assert "Your follow-up is published." in response.content.decode()


def test_compilations_page_chart_and_exports_are_the_secretariats(cast, story):
    client = Client()
    client.force_login(cast["secretariat"])
    page = client.get("/follow-up/compilations/?cycle=1").content.decode()
    assert "Kenya" in page and "Partially implemented" in page and "not_reported" not in page
    chart = client.get("/follow-up/compilations/chart.svg?cycle=1")
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content
    csv = client.get("/follow-up/compilations/export.csv?cycle=1").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("State,Recommendations,Implemented") and "Kenya,3,1" in csv
    xlsx = client.get("/follow-up/compilations/export.xlsx?cycle=1")
    assert xlsx.content[:2] == b"PK"
    client.force_login(cast["fp-kenya"])
    assert client.get("/follow-up/compilations/").status_code == 404
    assert client.get("/follow-up/compilations/export.csv?cycle=1").status_code == 404
