"""An expert leaves a review, and a State's list of experts, through the services only — audited, and
refused to those who may not change them."""

from __future__ import annotations

import pytest

from irm.accounts.models import Role
from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.reviews import services
from irm.reviews.models import ExpertNomination, ReviewExpert

pytestmark = pytest.mark.django_db


def test_the_secretariat_removes_an_expert_from_a_review(kenya_review, cast, states, make_user):
    secretariat = cast["secretariat"]
    expert = make_user("nzl-expert", Role.EXPERT, "NZL")
    services.nominate_expert(actor=secretariat, state=states["NZL"], user=expert)
    services.assign_expert(actor=secretariat, review=kenya_review, user=expert)
    with pytest.raises(PermissionDenied):
        services.remove_expert(actor=cast["fp-kenya"], review=kenya_review, user=expert)
    assert ReviewExpert.objects.filter(review=kenya_review, user=expert).exists()
    services.remove_expert(actor=secretariat, review=kenya_review, user=expert, reason="Changed posts.")
    assert not ReviewExpert.objects.filter(review=kenya_review).exists()
    event = AuditEvent.objects.get(action="review.expert_removed")
    assert event.before == {"user": "nzl-expert"} and event.reason == "Changed posts."
    with pytest.raises(Conflict) as again:
        services.remove_expert(actor=secretariat, review=kenya_review, user=expert)
    assert again.value.code == "not_assigned"


def test_a_state_withdraws_an_expert_from_its_list(cast, states, make_user):
    expert = make_user("nzl-expert", Role.EXPERT, "NZL")
    services.nominate_expert(actor=cast["secretariat"], state=states["NZL"], user=expert)
    with pytest.raises(PermissionDenied):
        services.withdraw_expert(actor=cast["fp-kenya"], state=states["NZL"], user=expert)
    assert ExpertNomination.objects.get(user=expert).active
    services.withdraw_expert(actor=cast["secretariat"], state=states["NZL"], user=expert, reason="Retired.")
    assert not ExpertNomination.objects.get(user=expert).active
    event = AuditEvent.objects.get(action="review.expert_withdrawn")
    assert (event.before, event.after, event.reason) == ({"active": True}, {"active": False}, "Retired.")
