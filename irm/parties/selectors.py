"""Reads of the parties that other apps need: a State by its code, States by their codes, the parties
on a day. Other apps ask these instead of querying `State` themselves, so the rule of what "a party"
is stays here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from irm.parties.models import State


def state_by_iso3(code: str) -> State | None:
    """The State with this ISO3 code (any case), or None."""
    code = (code or "").strip().upper()
    return State.objects.filter(iso3=code).first() if len(code) == 3 else None


def states_by_iso3(codes: Iterable[str]) -> dict[str, State]:
    """The known States among these ISO3 codes, by code (unknown codes are left out)."""
    wanted = {c.strip().upper() for c in codes if c}
    return {s.iso3: s for s in State.objects.filter(iso3__in=wanted)} if wanted else {}


def parties_on(day: date | None = None) -> QuerySet[State]:
    """States that are parties on the given day (default today; those without a recorded date count)."""
    day = day or timezone.localdate()
    return State.objects.filter(Q(party_since__isnull=True) | Q(party_since__lte=day)).order_by("iso3")
