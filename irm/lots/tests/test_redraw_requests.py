"""A State under review asks for a re-draw on the platform; the secretariat grants or declines it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from irm.accounts.models import Role
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.lots import services
from irm.lots.models import Draw, RedrawRequest
from irm.lots.tests.conftest import make_user
from irm.lots.tests.test_services import _drawn_review
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_focal_point_asks_and_the_secretariat_grants_by_drawing_again(secretariat, focal_kenya, cycle2):
    review = _drawn_review(secretariat, cycle2)
    first, second = review.reviewer_1, review.reviewer_2
    with pytest.raises(InvalidInput) as no_reason:
        services.request_redraw(
            actor=focal_kenya, cycle=cycle2, state=review.state, replace=[second], reason=" "
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(InvalidInput) as stranger:
        services.request_redraw(
            actor=focal_kenya, cycle=cycle2, state=review.state, replace=[review.state], reason="x"
        )
    assert stranger.value.code == "not_a_reviewer"
    asked = services.request_redraw(
        actor=focal_kenya,
        cycle=cycle2,
        state=review.state,
        replace=[second],
        reason="Language of the experts",
    )
    assert asked.status == RedrawRequest.Status.PENDING and not asked.beyond_limit
    with pytest.raises(Conflict) as twice:
        services.request_redraw(
            actor=focal_kenya, cycle=cycle2, state=review.state, replace=[first], reason="y"
        )
    assert twice.value.code == "request_pending"
    with pytest.raises(PermissionDenied):
        services.decide_redraw(actor=focal_kenya, request=asked, grant=True)
    granted = services.decide_redraw(actor=secretariat, request=asked, grant=True, seed=11)
    review.refresh_from_db()
    assert granted.draw is not None
    assert granted.status == RedrawRequest.Status.GRANTED and granted.draw.kind == Draw.Kind.REDRAW
    assert review.reviewer_1 == first and review.reviewer_2 not in (None, second)
    assert granted.draw.reason == "Language of the experts"
    with pytest.raises(Conflict) as decided:
        services.decide_redraw(actor=secretariat, request=granted, grant=False, note="late")
    assert decided.value.code == "request_decided"
    actions = list(
        AuditEvent.objects.filter(action__startswith="lots.redraw").values_list("action", flat=True)
    )
    assert actions == ["lots.redraw_requested", "lots.redraw_drawn", "lots.redraw_decided"]


def test_another_states_focal_point_cannot_ask_and_a_decline_needs_a_reason(secretariat, focal_kenya, cycle2):
    review = _drawn_review(secretariat, cycle2)
    france = make_user("fp-france", Role.FOCAL_POINT, "FRA")
    with pytest.raises(PermissionDenied):
        services.request_redraw(
            actor=france, cycle=cycle2, state=review.state, replace=[review.reviewer_2], reason="x"
        )
    asked = services.request_redraw(
        actor=focal_kenya, cycle=cycle2, state=review.state, replace=[review.reviewer_2], reason="x"
    )
    with pytest.raises(InvalidInput):
        services.decide_redraw(actor=secretariat, request=asked, grant=False)
    declined = services.decide_redraw(actor=secretariat, request=asked, grant=False, note="No grounds given")
    assert declined.status == RedrawRequest.Status.DECLINED and declined.draw is None
    again = services.request_redraw(
        actor=focal_kenya, cycle=cycle2, state=review.state, replace=[review.reviewer_2], reason="New grounds"
    )
    services.withdraw_redraw_request(actor=focal_kenya, request=again)
    again.refresh_from_db()
    assert again.status == RedrawRequest.Status.WITHDRAWN


def test_a_request_beyond_the_limit_is_granted_only_with_the_reason_of_the_decision(
    secretariat, focal_kenya, cycle2
):
    review = _drawn_review(secretariat, cycle2)
    for seed in (1, 2):
        review.refresh_from_db()
        services.redraw_reviewers(
            actor=secretariat, cycle=cycle2, state=review.state, replace=[review.reviewer_2], seed=seed
        )
    review.refresh_from_db()
    asked = services.request_redraw(
        actor=focal_kenya,
        cycle=cycle2,
        state=review.state,
        replace=[review.reviewer_2],
        reason="Conflict of interest",
    )
    assert asked.beyond_limit
    with pytest.raises(InvalidInput):
        services.decide_redraw(actor=secretariat, request=asked, grant=True)
    granted = services.decide_redraw(
        actor=secretariat, request=asked, grant=True, note="Exceptional: conflict of interest established"
    )
    assert granted.draw is not None and granted.draw.exceptional


def test_pages_keep_requests_within_the_state_and_the_secretariat(client, secretariat, focal_kenya, cycle2):
    review = _drawn_review(secretariat, cycle2)
    url = reverse("lots:redraw-requests", args=[2])
    client.force_login(focal_kenya)
    assert reverse("lots:redraw-requests", args=[2]) in client.get(reverse("lots:cycle", args=[2])).text
    page = client.get(url).text
    assert review.reviewer_2.iso3 in page and 'id="redraw-request"' in page
    missing = client.post(url, {"review": str(review.pk), "replace": [review.reviewer_2.iso3], "reason": ""})
    assert missing.status_code == 422 and not RedrawRequest.objects.exists()
    client.post(
        url, {"review": str(review.pk), "replace": [review.reviewer_2.iso3], "reason": "Secret reason"}
    )
    asked = RedrawRequest.objects.get()
    assert "Secret reason" in client.get(url).text
    # Another State's focal point and the public do not see the request or its reason.
    client.force_login(make_user("fp-france", Role.FOCAL_POINT, "FRA"))
    france_page = client.get(url)
    assert "Secret reason" not in france_page.text
    assert (
        client.post(
            reverse("lots:redraw-request-action", args=[2, asked.pk]), {"action": "withdraw"}
        ).status_code
        == 404
    )
    client.logout()
    assert client.get(url).status_code == 302
    # The secretariat grants: the re-draw runs.
    client.force_login(secretariat)
    old = review.reviewer_2_id
    client.post(reverse("lots:redraw-request-action", args=[2, asked.pk]), {"action": "grant", "note": ""})
    review.refresh_from_db()
    asked.refresh_from_db()
    assert asked.status == RedrawRequest.Status.GRANTED and review.reviewer_2_id != old
    assert Review.objects.get(pk=review.pk).reviewer_1_id is not None
