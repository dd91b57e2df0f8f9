"""An exclusion from reviewing is lifted by the secretariat only, with an audit event; the lifted State
reviews again."""

from __future__ import annotations

import pytest

from irm.core.exceptions import NotFound, PermissionDenied
from irm.core.models import AuditEvent
from irm.lots import selectors, services
from irm.lots.models import Exclusion
from irm.parties.models import State


def test_the_secretariat_lifts_an_exclusion(secretariat, focal_kenya, cycle2):
    south_africa = State.objects.get(iso3="ZAF")
    services.record_exclusion(
        actor=secretariat, cycle=cycle2, state=south_africa, kind=Exclusion.Kind.OPTED_OUT, reason="Asked to."
    )
    with pytest.raises(PermissionDenied):
        services.remove_exclusion(actor=focal_kenya, cycle=cycle2, state=south_africa)
    assert Exclusion.objects.filter(cycle=cycle2, state=south_africa).exists()
    services.remove_exclusion(actor=secretariat, cycle=cycle2, state=south_africa, reason="Withdrawn.")
    assert not Exclusion.objects.filter(cycle=cycle2).exists()
    assert "ZAF" not in selectors.exclusions_of(cycle2)
    event = AuditEvent.objects.get(action="lots.exclusion_removed")
    assert event.before == {"kind": "opted_out"} and event.reason == "Withdrawn."
    with pytest.raises(NotFound):
        services.remove_exclusion(actor=secretariat, cycle=cycle2, state=south_africa)
