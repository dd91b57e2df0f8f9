from __future__ import annotations

from datetime import date
from typing import Any

from irm.directory import services
from irm.directory.models import Entry
from irm.parties.models import State


def entry_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "authority": "Office of the Attorney General",
        "address": "Sheria House, Harambee Avenue, Nairobi",
        "phone": "+254 20 222 7461",
        "email": "mla@example.go.ke",
        "website": "https://example.go.ke",
        "languages": ["en"],
        "accepts_electronic_requests": "yes",
        "interpol_in_urgent_cases": "yes",
        "procedural_requirements": "Send the request by e-mail, then the original by diplomatic channels.",
        "contacts_public": False,
        "notes": "",
    }
    data.update(overrides)
    return data


def make_entry(
    secretariat: Any,
    *,
    iso3: str = "KEN",
    provision: str = "46.13",
    as_of: date = date(2024, 1, 1),
    **data: Any,
) -> Entry:
    """An entry landed the way every entry lands: a proposal the secretariat approves."""
    state = State.objects.get(iso3=iso3)
    proposal = services.propose_change(
        actor=secretariat, state=state, provision=provision, data=entry_data(**data), as_of=as_of
    )
    return services.approve_proposal(actor=secretariat, proposal=proposal)
