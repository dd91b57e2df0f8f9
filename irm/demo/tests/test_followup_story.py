"""The demo's story of follow-up and assistance (issue 20 §9): Kenya implemented most recommendations of
its cycle-1 review and published that follow-up; Ghana's cycle-1 needs stay unmet (its one activity was
cancelled); Norway's delivered and ongoing activities meet needs of a few States; a focal point's proposal
awaits validation."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.utils import timezone


def test_kenya_reports_most_recommendations_implemented_and_publishes(demo, client):
    from irm.findings.models import FollowUpReport
    from irm.findings.selectors import published_follow_up_reviews
    from irm.followup.selectors import compile_follow_up
    from irm.reviews.models import Review

    earlier = Review.objects.get(cycle__number=1, state__iso3="KEN")
    reports = FollowUpReport.objects.filter(review=earlier)
    assert reports.count() == 9
    # Reported in the cycle-2 checklist's follow-up section, by the focal point.
    assert set(reports.values_list("reported_in__cycle__number", "submitted_by__username")) == {
        (2, "fp-kenya")
    }
    assert reports.exclude(responsible_agency="").count() == 9 and reports.exclude(links=[]).count() >= 4
    kenya = compile_follow_up(cycle_number=1, published_only=True, state_iso3="KEN").as_dict()["by_state"][
        "KEN"
    ]
    assert kenya["by_status"] == {
        "implemented": 6,
        "partially_implemented": 2,
        "not_implemented": 1,
        "no_longer_applicable": 0,
        "not_reported": 0,
    }
    assert published_follow_up_reviews().filter(pk=earlier.pk).exists()
    page = client.get("/public/follow-up/KEN/").content.decode()
    assert (
        "Partially implemented" in page and "Anti-Corruption and Economic Crimes (Amendment) Act 2024" in page
    )


def test_ghana_needs_unmet_for_years_and_the_register_report(demo):
    from irm.assistance import selectors
    from irm.assistance.models import Activity
    from irm.findings.models import Finding

    needs = Finding.objects.filter(review__state__iso3="GHA", review__cycle__number=1, type="ta_need")
    today = timezone.localdate()
    assert needs.count() > 5 and {selectors.status_of_need(need, today) for need in needs} == {"unmet"}
    ghana = Activity.objects.get(beneficiary__iso3="GHA")
    assert ghana.status == "cancelled" and ghana.starts_on is not None and ghana.starts_on.year == 2018
    awaiting = Activity.objects.filter(validated_at__isnull=True)
    assert [(a.beneficiary.iso3, getattr(a.proposed_by, "username", "")) for a in awaiting] == [
        ("KEN", "fp-kenya")
    ]
    out = StringIO()
    call_command("assistance", "report", "--format", "json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["met"] + doc["partly_met"] + doc["unmet"] == doc["needs"] and doc["met"] > 0
    by_state = {row["state"]: row for row in doc["by_state"]}
    assert by_state["KEN"]["met"] > 0 and by_state["ETH"]["partly_met"] > 0 and by_state["GHA"]["met"] == 0
    norway = next(p for p in doc["by_provider"] if p["provider"] == "NOR")
    assert norway["delivered"] == 3 and norway["activities"] == 5
