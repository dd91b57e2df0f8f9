"""Reads of the parties that other apps need: a State by its code, States by their codes, the parties
on a day (art. 68), the sources of the reference values, legal-system similarity. Other apps ask these
instead of querying `State` themselves, so the rule of what "a party" is stays here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from irm.parties.models import LegalSystem, State, ValueSource


def state_by_iso3(code: str) -> State | None:
    """The State with this ISO3 code (any case), or None."""
    code = (code or "").strip().upper()
    return State.objects.filter(iso3=code).first() if len(code) == 3 else None


def states_by_iso3(codes: Iterable[str]) -> dict[str, State]:
    """The known States among these ISO3 codes, by code (unknown codes are left out)."""
    wanted = {c.strip().upper() for c in codes if c}
    return {s.iso3: s for s in State.objects.filter(iso3__in=wanted)} if wanted else {}


def in_force_on(on: date) -> Q:
    """Parties for which the Convention was in force on `on` (art. 68), as `State.in_force_on`.

    A party without a recorded entry into force counts only from the date it is known to be a
    party by (`party_by`, e.g. the day the list of parties was compiled), never before: a missing
    date does not make a State a party "always" (see `without_dates`).
    """
    return Q(entry_into_force__isnull=False, entry_into_force__lte=on) | Q(
        entry_into_force__isnull=True, party_by__isnull=False, party_by__lte=on
    )


def parties_on(day: date | None = None) -> QuerySet[State]:
    """Parties for which the Convention is in force on the given day (default today; art. 68)."""
    return State.objects.filter(in_force_on(day or timezone.localdate())).order_by("iso3")


def party_count_on(on: date) -> int:
    return parties_on(on).count()


def without_dates() -> QuerySet[State]:
    """Parties whose date of entry into force is not recorded: the secretariat should complete them."""
    return State.objects.filter(entry_into_force__isnull=True).order_by("iso3")


def sources_of(state: State) -> dict[str, ValueSource]:
    return {s.field: s for s in state.sources.all()}


def unverified_values(state: State | None = None) -> QuerySet[ValueSource]:
    """Values no reachable source confirmed, for the secretariat to check."""
    rows = ValueSource.objects.filter(status=ValueSource.Status.UNVERIFIED).select_related("state")
    return rows.filter(state=state) if state is not None else rows


def verification_counts() -> dict[str, dict[str, int]]:
    """Per value (field), how many are verified, unverified or corrected."""
    counts: dict[str, dict[str, int]] = {}
    for field, status in ValueSource.objects.values_list("field", "status"):
        counts.setdefault(field, dict.fromkeys(ValueSource.Status.values, 0))[status] += 1
    return dict(sorted(counts.items()))


def legal_systems_similar(a: str, b: str, *, components_a: str = "", components_b: str = "") -> bool:
    """Terms of reference para. 19: a *similar* legal system, if possible — a soft preference only.

    Same family → similar. A mixed system is similar to a family its components name
    (e.g. "civil law, common law" is similar to both). Unknown is similar to nothing.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    parts_a = _families(a, components_a)
    parts_b = _families(b, components_b)
    return bool(parts_a & parts_b)


_FAMILY_WORDS = {
    LegalSystem.COMMON_LAW.value: "common law",
    LegalSystem.CIVIL_LAW.value: "civil law",
    LegalSystem.ISLAMIC.value: "islamic law",
    LegalSystem.CUSTOMARY.value: "customary law",
}


def _families(system: str, components: str) -> set[str]:
    if system in _FAMILY_WORDS:
        return {system}
    text = components.casefold()
    return {family for family, words in _FAMILY_WORDS.items() if words in text}


def legal_families(state: State) -> str:
    """The families of a party's legal system joined by "+" (e.g. "civil_law+common_law" for a
    mixed system), as the lots engine compares them; empty when unknown."""
    families = _families(state.legal_system or "", state.legal_system_components or "")
    return "+".join(sorted(families)) or (state.legal_system or "")


def similar_legal_system(state: State, other: State) -> bool:
    """The soft preference of para. 19 for two parties (the lots engine may use it to rank candidates)."""
    return legal_systems_similar(
        state.legal_system,
        other.legal_system,
        components_a=state.legal_system_components,
        components_b=other.legal_system_components,
    )
