"""A State co-sponsors a draft resolution on its own behalf only; a pending swap is cancelled by either
delegation — both audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.meetings import selectors, services
from irm.meetings.models import Rank, ResolutionStatus, SwapStatus

pytestmark = pytest.mark.django_db


def test_a_state_cosponsors_a_draft_on_its_own_behalf_only(session, secretariat, party, make_delegate, state):
    draft = services.submit_draft_resolution(
        actor=make_delegate("BRA"), delegation=party("BRA"), title="On prevention", late_reason="x"
    )
    with pytest.raises(PermissionDenied):
        services.sponsor_draft_resolution(actor=make_delegate("MEX"), draft=draft, state=state("ARG"))
    assert {s.iso3 for s in draft.sponsors.all()} == {"BRA"}
    services.sponsor_draft_resolution(actor=make_delegate("ARG"), draft=draft, state=state("ARG"))
    assert {s.iso3 for s in draft.sponsors.all()} == {"BRA", "ARG"}
    assert AuditEvent.objects.get(action="meetings.draft_resolution_sponsored").after == {"state": "ARG"}
    draft = services.set_draft_resolution_status(
        actor=secretariat, draft=draft, status=ResolutionStatus.WITHDRAWN
    )
    with pytest.raises(Conflict):
        services.sponsor_draft_resolution(actor=make_delegate("CHL"), draft=draft, state=state("CHL"))


def test_a_pending_swap_is_cancelled_by_either_delegation_and_the_order_stays(
    secretariat, open_list, party, make_delegate
):
    def inscribe(iso3: str, minutes_ago: int):
        return services.request_to_speak(
            actor=secretariat,
            speakers_list=open_list,
            delegation=party(iso3),
            speaker_name="Minister",
            rank=Rank.MINISTER,
            received_at=timezone.now() - timedelta(minutes=minutes_ago),
        )

    bra, mex = inscribe("BRA", 50), inscribe("MEX", 30)
    mexico, brazil = make_delegate("MEX"), make_delegate("BRA")
    swap = services.propose_swap(actor=mexico, first=mex, second=bra, confirmation="Note 12")
    with pytest.raises(PermissionDenied):
        services.cancel_swap(actor=make_delegate("CHN"), swap=swap)
    services.cancel_swap(actor=brazil, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED
    order = [row.entry.delegation.iso3 for row in selectors.speakers_rows(open_list, include_done=False)]
    assert order == ["BRA", "MEX"]
    assert AuditEvent.objects.filter(action="meetings.swap_cancelled", object_id=str(swap.pk)).exists()
    with pytest.raises(Conflict):
        services.cancel_swap(actor=mexico, swap=swap)
