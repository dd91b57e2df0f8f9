"""The demo gets the published figures, loads once, and has a donor user."""

from __future__ import annotations

import io
from datetime import date

from irm.accounts.models import Membership, Role
from irm.demo import DEMO_LOGINS, STEPS
from irm.finance import demo, selectors
from irm.finance.models import Contribution, Expenditure


def test_the_demo_loads_the_figures_once_with_a_donor_user(db):
    demo.load(stdout=io.StringIO())
    counts = (Contribution.objects.count(), Expenditure.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Contribution.objects.count(), Expenditure.objects.count()) == counts
    report = selectors.report_figures(date(2022, 9, 30))
    assert (report["contributions_total"], report["funding_gap"]) == ("18443200.00", "716500.00")
    assert (
        Membership.objects.filter(user__username="donor-norway", role=Role.DONOR, state__iso3="NOR").count()
        == 1
    )
    assert demo.DONOR_USER in DEMO_LOGINS
    assert "irm.finance.demo" in STEPS


def test_the_demo_records_recent_country_visits_against_their_reviews(db):
    from irm.cycles.models import Cycle
    from irm.parties.models import State
    from irm.reviews.models import DirectDialogue, Milestone, Review, Stage

    review = Review.objects.create(
        cycle=Cycle.objects.get(number=2), state=State.objects.get(iso3="KEN"), year=5
    )
    Milestone.objects.create(review=review, stage=Stage.DIRECT_DIALOGUE_HELD, done_on=date(2023, 3, 14))
    DirectDialogue.objects.create(review=review, kind="hybrid")
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    visit = Expenditure.objects.get(review=review)
    assert (visit.amount_usd, visit.year, visit.spent_on) == (demo.VISIT_COST["hybrid"], 7, date(2023, 3, 14))
    assert selectors.report_figures(date(2022, 9, 30))["expenditure_by_cycle"]["2"] == "4300000.00"
