"""In a real browser: the secretariat takes Kenya's review from the draw to the published summary;
the focal point of France cannot open it."""

from __future__ import annotations

import pytest

from irm.parties.models import State
from irm.reviews.models import ExpertNomination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mark_done(page, stage: str) -> None:
    page.click(f"button[data-stage={stage}]")
    page.wait_for_load_state()


def test_secretariat_moves_a_review_to_publication_and_another_state_cannot_open_it(
    page, cast, login, kenya_review
):
    ExpertNomination.objects.create(
        state=State.objects.get(iso3="NZL"), user=cast["expert-nzl"], nominated_on="2024-06-01"
    )
    login(page, "secretariat", "secretariat-demo")
    page.goto("/reviews/2/KEN/workflow/")
    assert page.inner_text("#review-stage") == "Lots drawn"

    page.select_option("#id_focal-user", label="Wanjiru Focal")
    page.click("text=Name the focal point")
    page.wait_for_load_state()
    page.select_option("#id_expert-user", label="Aroha Expert")
    page.click("text=Assign the expert")
    page.wait_for_load_state()
    for stage in ("kick_off_held", "checklist_submitted", "checklist_circulated", "desk_review_done"):
        mark_done(page, stage)
    page.select_option("#id_dialogue-kind", "on_site")
    page.fill("#id_dialogue-starts_on", "2024-10-07")
    page.fill("#id_dialogue-ends_on", "2024-10-09")
    page.check("#id_dialogue-other_stakeholders")
    page.click("text=Record the dialogue")
    page.wait_for_load_state()
    # A country visit only with the State's agreement (docs/RULES.md R-T2): refused, and said why.
    assert "only with the agreement of the State under review" in page.inner_text("main")
    assert page.inner_text("#review-stage") == "Desk review done"
    page.select_option("#id_dialogue-kind", "on_site")
    page.fill("#id_dialogue-starts_on", "2024-10-07")
    page.fill("#id_dialogue-ends_on", "2024-10-09")
    page.check("#id_dialogue-state_agreed")
    page.click("text=Record the dialogue")
    page.wait_for_load_state()
    for stage in (
        "direct_dialogue_held",
        "draft_report_sent",
        "summary_agreed",
        "report_finalized",
        "summary_published",
    ):
        mark_done(page, stage)
    assert page.inner_text("#review-stage") == "Executive summary published"

    page.goto("/reviews/2/KEN/")
    assert "published on" in page.inner_text("main")

    page.click("#menu-account")  # the account menu in the bar holds "Log out"
    page.click("nav form button[type=submit]:has-text('Log out')")
    login(page, "fp-france", "focal-demo")
    response = page.goto("/reviews/2/KEN/workflow/")
    assert response is not None and response.status == 404
