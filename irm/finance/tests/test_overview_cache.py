"""The finance overview's figures are kept per content version (irm/core/content_cache.py): a payment
recorded through the services shows on the next page at once, for every reader allowed to see it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from irm.core import formatting
from irm.finance import selectors, services
from irm.finance.models import Donor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_caching")]


def _received(report: dict) -> str:
    return formatting.number(Decimal(str(report["contributions_total"])), digits=2, language="en")


def test_a_payment_shows_at_once_on_the_cached_overview(client, people, dataset):
    client.force_login(people["secretariat"])
    before = _received(selectors.build_report(timezone.localdate()))
    assert before in client.get("/finance/").content.decode()
    assert before in client.get("/finance/").content.decode()  # the kept figures
    today = timezone.localdate()
    contribution = services.record_contribution(
        actor=people["secretariat"],
        donor=Donor.objects.get(state__iso3="NOR"),
        reference="TEST-CACHE-1",
        pledged_on=today,
        amount="1234567.89",
    )
    services.record_payment(actor=people["secretariat"], contribution=contribution, received_on=today)
    after = _received(selectors.build_report(today))
    assert after != before
    # Another reader allowed to see the report gets the same new figures (they hold nothing of a user's).
    client.force_login(people["fp-kenya"])
    assert after in client.get("/finance/").content.decode()
