"""Reads: the order of a list of speakers, the organization of work, credentials, bureau rotation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from irm.meetings.models import (
    ACTIVE_STATUSES,
    BUREAU_OFFICES,
    MINISTERIAL_RANKS,
    BureauMember,
    Credential,
    CredentialStatus,
    Delegation,
    EntryStatus,
    Office,
    ParticipationKind,
    Session,
    SpeakerEntry,
    SpeakersList,
    WorkSlot,
)
from irm.parties.models import RegionalGroup

# --------------------------------------------------------------------------------------------
# lists of speakers


def ordered_entries(lst: SpeakersList, statuses: Iterable[str] | None = None) -> QuerySet[SpeakerEntry]:
    """Ministerial-or-higher first, then first come first served (order of receipt breaks ties)."""
    entries = SpeakerEntry.objects.filter(speakers_list=lst)
    entries = entries.filter(
        status__in=list(statuses) if statuses is not None else [*ACTIVE_STATUSES, EntryStatus.SPOKE]
    )
    return (
        entries.annotate(
            speaking_tier=Case(
                When(rank__in=[r.value for r in MINISTERIAL_RANKS], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("delegation__state", "speakers_list")
        .order_by("speaking_tier", "sort_at", "sort_seq")
    )


@dataclass
class SpeakerRow:
    position: int
    entry: SpeakerEntry
    delegation: str
    minutes: int


def speakers_rows(
    lst: SpeakersList, *, language: str | None = None, include_done: bool = True
) -> list[SpeakerRow]:
    statuses = ACTIVE_STATUSES + ([EntryStatus.SPOKE] if include_done else [])
    rows = []
    for position, entry in enumerate(ordered_entries(lst, statuses=statuses), start=1):
        d = entry.delegation
        if d.state is not None:
            localized_name = getattr(d.state, f"name_{language}", "") if language else ""
            name = d.state.name if language is None else (localized_name or d.state.name_en)
        else:
            name = d.name
        rows.append(SpeakerRow(position, entry, name, entry.minutes))
    return rows


def position_of(entry: SpeakerEntry) -> int | None:
    for row in speakers_rows(entry.speakers_list, include_done=False):
        if row.entry.pk == entry.pk:
            return row.position
    return None


def estimated_minutes(lst: SpeakersList) -> int:
    return sum(e.minutes for e in ordered_entries(lst, statuses=[EntryStatus.REGISTERED]))


# --------------------------------------------------------------------------------------------
# organization of work


@dataclass
class Day:
    date: date
    slots: list[WorkSlot] = field(default_factory=list)

    @property
    def parallel(self) -> bool:
        parts = [s.part for s in self.slots]
        return len(parts) != len(set(parts))


def organization_of_work(session: Session) -> dict[str, Any]:
    slots = list(
        WorkSlot.objects.filter(session=session)
        .prefetch_related("items")
        .order_by("date", "starts_at", "room")
    )
    days: dict[date, Day] = {}
    for slot in slots:
        days.setdefault(slot.date, Day(slot.date)).slots.append(slot)
    used = sum(1 for s in slots if s.interpreted)
    return {
        "days": list(days.values()),
        "interpreted_used": used,
        "interpreted_limit": session.interpreted_meetings_limit,
        "parallel": any(d.parallel for d in days.values()),
    }


# --------------------------------------------------------------------------------------------
# credentials (rules 18–20)


def latest_credential(delegation: Delegation) -> Credential | None:
    return delegation.credentials.order_by("-submitted_at", "-pk").first()


def credentials_status(delegation: Delegation) -> str:
    """none | provisional | accepted | not_in_order | challenged."""
    credential = latest_credential(delegation)
    if credential is None:
        return "none"
    return {
        CredentialStatus.SUBMITTED: "provisional",
        CredentialStatus.ACCEPTED: "accepted",
        CredentialStatus.NOT_IN_ORDER: "not_in_order",
        CredentialStatus.CHALLENGED: "challenged",
    }[CredentialStatus(credential.status)]


def participates_provisionally(delegation: Delegation) -> bool:
    """Rule 20: until the bureau decides (or, when challenged, the Conference), seated provisionally."""
    return delegation.kind == ParticipationKind.PARTY and credentials_status(delegation) != "accepted"


#: The credentials overview's counts, in the order and the words of the bureau's report (rules 18–20).
CREDENTIAL_COUNTS = [
    ("parties", _("Parties registered")),
    ("formal", _("Formal credentials in due form")),
    ("copies", _("Copies or other communications")),
    ("provisional", _("Awaiting the Bureau's decision")),
    ("not_in_order", _("Not in due form")),
    ("challenged", _("Challenged (for decision by the Conference)")),
    ("none", _("No credentials received")),
    ("late", _("Received less than 24 hours before the opening")),
]


def credential_counts(overview: dict[str, Any]) -> list[tuple[str, int]]:
    """The overview's counts as (what is counted, in the interface language; how many)."""
    return [(str(label), overview["counts"].get(key, 0)) for key, label in CREDENTIAL_COUNTS]


def credentials_overview(session: Session, *, as_json: bool = False) -> dict[str, Any]:
    """The facts of the bureau's credentials report, from the records."""
    groups: dict[str, list[Any]] = {
        "formal": [],
        "copies": [],
        "provisional": [],
        "not_in_order": [],
        "challenged": [],
        "none": [],
        "late": [],
    }
    parties = (
        Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY)
        .select_related("state")
        .prefetch_related("credentials")
        .order_by("state__name_en")
    )
    for delegation in parties:
        credentials = sorted(delegation.credentials.all(), key=lambda c: (c.submitted_at, c.pk), reverse=True)
        credential = credentials[0] if credentials else None
        label = f"{delegation.name_en} ({delegation.iso3})" if as_json else delegation
        if credential is None:
            groups["none"].append(label)
            continue
        if credential.late:
            groups["late"].append(label)
        if credential.status == CredentialStatus.ACCEPTED:
            groups["formal" if credential.is_original else "copies"].append(label)
        elif credential.status == CredentialStatus.SUBMITTED:
            groups["provisional"].append(label)
        elif credential.status == CredentialStatus.NOT_IN_ORDER:
            groups["not_in_order"].append(label)
        else:
            groups["challenged"].append(label)
    counts = {key: len(value) for key, value in groups.items()}
    counts["parties"] = len(parties)
    return {
        "session": session.slug if as_json else session,
        "due_at": session.credentials_due_at.isoformat() if as_json else session.credentials_due_at,
        "counts": counts,
        **groups,
    }


# --------------------------------------------------------------------------------------------
# bureau (rule 22)

#: The order in which the presidency and the post of rapporteur rotate among the five groups.
ROTATION = [
    RegionalGroup.AFRICA,
    RegionalGroup.ASIA_PACIFIC,
    RegionalGroup.EEG,
    RegionalGroup.GRULAC,
    RegionalGroup.WEOG,
]


def _next_group(group: str, skip: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    index = ROTATION.index(RegionalGroup(group))
    for step in range(1, len(ROTATION) + 1):
        candidate = ROTATION[(index + step) % len(ROTATION)]
        if candidate not in skip:
            return candidate.value
    return ROTATION[(index + 1) % len(ROTATION)].value


def bureau_history(session: Session) -> list[tuple[Session, list[BureauMember]]]:
    """Bureaus of the earlier sessions of the same body, newest first."""
    earlier = (
        Session.objects.filter(body=session.body, starts_on__lt=session.starts_on)
        .prefetch_related("officers__state")
        .order_by("-starts_on")
    )
    return [(s, [o for o in s.officers.all() if o.office in BUREAU_OFFICES]) for s in earlier]


def _last_holder_group(
    history: list[tuple[Session, list[BureauMember]]], office: str
) -> tuple[str, Session] | None:
    for past, officers in history:
        for officer in officers:
            if officer.office == office:
                return officer.regional_group, past
    return None


def rotation_proposal(session: Session) -> dict[str, Any]:
    """Which regional group nominates the president and the rapporteur (rule 22, S002 §1(b)).

    By rotation: the group after the one that held the office most recently, in the order of
    ROTATION. Where no rapporteur is on record, the group that held the last presidency is
    proposed (the pattern of the CoSP 10 note: Egypt presided over CoSP 9, the African Group
    nominates the rapporteur of CoSP 10). The rapporteur never comes from the president's group.

    Alternative (host-country practice): a session away from headquarters is presided over by the
    host country; the rapporteur proposal is kept unless it falls on the host's group.
    """
    history = bureau_history(session)
    last_president = _last_holder_group(history, Office.PRESIDENT)
    last_rapporteur = _last_holder_group(history, Office.RAPPORTEUR)
    president = _next_group(last_president[0]) if last_president else None
    if last_rapporteur:
        rapporteur = _next_group(last_rapporteur[0], skip={president} if president else set())
        rapporteur_basis = "rotation"
    elif last_president:
        rapporteur = last_president[0]
        rapporteur_basis = "previous_president"
        if rapporteur == president:
            rapporteur = _next_group(rapporteur, skip={president})
    else:
        rapporteur, rapporteur_basis = None, "no_history"
    host = None
    host_state = session.host_state
    if host_state is not None and host_state.has_regional_group:
        host_group = host_state.regional_group
        host_rapporteur = rapporteur
        if host_rapporteur == host_group:
            host_rapporteur = _next_group(host_group, skip={host_group})
        host = {"state": host_state, "president_group": host_group, "rapporteur_group": host_rapporteur}
    return {
        "president_group": president,
        "rapporteur_group": rapporteur,
        "rapporteur_basis": rapporteur_basis,
        "last_president": {"group": last_president[0], "session": last_president[1]}
        if last_president
        else None,
        "last_rapporteur": {"group": last_rapporteur[0], "session": last_rapporteur[1]}
        if last_rapporteur
        else None,
        "host_practice": host,
        "history": history,
    }


def group_label(code: str | None) -> str:
    return str(RegionalGroup(code).label) if code else ""
