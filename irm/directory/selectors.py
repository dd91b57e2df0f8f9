"""Reads of the directory: the search (State, article, language, electronic requests), an entry as a
user may see it (restricted contacts left out), the exports' rows, and a State's treaty status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from irm.directory import languages, permissions
from irm.directory.models import CONTACT_FIELDS, Answer, Entry, Provision
from irm.parties.models import State
from irm.parties.names import NameResolver, UnknownStateName


@dataclass(frozen=True)
class Filters:
    state: str = ""  # ISO3 or any name
    article: str = ""  # "46", "46.13", "44.6.a"
    language: str = ""  # a code or a name
    electronic: str = ""  # yes | no | unknown

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def _state(text: str) -> State | None:
    text = text.strip()
    if not text:
        return None
    try:
        return NameResolver().resolve(text)
    except UnknownStateName:
        return None


def search(user: Any, filters: Filters) -> QuerySet[Entry]:
    """The entries matching every given filter (an unknown State or language matches nothing)."""
    rows = permissions.visible_to(user)
    if filters.state:
        state = _state(filters.state)
        rows = rows.filter(state=state) if state else rows.none()
    if filters.article:
        article = filters.article.strip().lower().replace("(", ".").replace(")", "")
        if article in Provision.values:
            rows = rows.filter(provision=article)
        elif article.isdigit():
            rows = rows.filter(article__number=int(article))
        else:
            rows = rows.none()
    if filters.language:
        code = languages.code_of(filters.language)
        # JSON containment is not on SQLite: the few entries are filtered here by their ids.
        ids = [pk for pk, codes in rows.values_list("pk", "languages") if code and code in (codes or [])]
        rows = rows.filter(pk__in=ids)
    if filters.electronic in Answer.values:
        rows = rows.filter(accepts_electronic_requests=filters.electronic)
    return rows.order_by("state__name_en", "provision", "authority")


def entries_of(user: Any, state: State, article_number: int | None = None) -> QuerySet[Entry]:
    """A State's entries (of one article of the Convention, if given): for the checklist pages."""
    rows = permissions.visible_to(user).filter(state=state)
    if article_number is not None:
        rows = rows.filter(article__number=article_number)
    return rows.order_by("provision", "authority")


def citations(state: State, article_numbers: list[int]) -> list[Entry]:
    """A State's entries on these articles, for a public document to cite: the authority and what it
    was notified under, never a contact (a public document is not the place for restricted fields)."""
    rows = Entry.objects.filter(state=state, article__number__in=article_numbers)
    return list(rows.select_related("article").order_by("provision", "authority")[:50])


def citation_text(entry: Entry) -> str:
    """One line: the provision and the authority (with its languages where it lists them)."""
    line = f"{entry.get_provision_display()}: {entry.authority}"
    if entry.languages:
        names = ", ".join(languages.label(code) for code in entry.languages)
        line += f" ({names})"
    return line


def item(user: Any, entry: Entry, *, sees_restricted: bool | None = None) -> dict[str, Any]:
    """The entry as the API and the exports give it: restricted contacts only to those allowed."""
    allowed = (
        permissions.can_view_contacts(user, entry)
        if sees_restricted is None
        else entry.contacts_public or sees_restricted
    )
    out: dict[str, Any] = {
        "state": entry.state.iso3,
        "state_name": entry.state.name,
        "article": entry.provision,
        "article_label": entry.get_provision_display(),
        "authority": entry.authority,
        "languages": list(entry.languages),
        "language_names": [languages.label(c) for c in entry.languages],
        "accepts_electronic_requests": entry.accepts_electronic_requests,
        "accepts_electronic_requests_label": entry.get_accepts_electronic_requests_display(),
        "interpol_in_urgent_cases": entry.interpol_in_urgent_cases,
        "interpol_in_urgent_cases_label": entry.get_interpol_in_urgent_cases_display(),
        "id": entry.pk,
        "procedural_requirements": entry.procedural_requirements,
        "notes": entry.notes,
        "as_of": entry.as_of.isoformat(),
        "version": entry.version,
        "contacts_public": entry.contacts_public,
        "contacts_shown": allowed,
    }
    for name in CONTACT_FIELDS:
        out[name] = getattr(entry, name) if allowed else None
    return out


def items(user: Any, entries: QuerySet[Entry]) -> list[dict[str, Any]]:
    sees = permissions.can_view_restricted(user)
    return [item(user, e, sees_restricted=sees) for e in entries]


def shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items for a page: the date as a date, so the page formats it in the reader's language."""
    return [{**r, "as_of_date": date.fromisoformat(r["as_of"])} for r in rows]


def version_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A stored version as the user may see it: its contacts only if public then, or to those allowed."""
    shown = dict(data)
    if not (data.get("contacts_public") or permissions.can_view_restricted(user)):
        for name in CONTACT_FIELDS:
            shown[name] = None
    shown["language_names"] = [languages.label(c) for c in data.get("languages", [])]
    for name in ("accepts_electronic_requests", "interpol_in_urgent_cases"):
        shown[f"{name}_label"] = Answer(data.get(name) or Answer.UNKNOWN).label
    return shown


#: The import's columns (irm.directory.imports.COLUMNS) and the optional procedural requirements:
#: an export re-imports as it was (restricted contacts left empty for those who may not read them).
EXPORT_HEADER = [
    "state",
    "article",
    "authority",
    "address",
    "phone",
    "email",
    "website",
    "languages",
    "accepts_electronic_requests",
    "interpol_in_urgent_cases",
    "public",
    "notes",
    "as_of",
    "procedural_requirements",
]


def export_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            r["state"],
            r["article"],
            r["authority"],
            r["address"] or "",
            r["phone"] or "",
            r["email"] or "",
            r["website"] or "",
            "; ".join(languages.english_name(c) for c in r["languages"]),
            r["accepts_electronic_requests"],
            r["interpol_in_urgent_cases"],
            "yes" if r["contacts_public"] else "no",
            r["notes"],
            r["as_of"],
            r["procedural_requirements"],
        ]
        for r in rows
    ]


def treaty_status(state: State) -> dict[str, Any]:
    """The State's status under the Convention (from the parties' data) and its notified declarations
    and reservations (the directory's articles 44(6)(a), 66(3) and 66(4) entries)."""
    notified = Entry.objects.filter(
        state=state,
        provision__in=[
            Provision.EXTRADITION_BASIS,
            Provision.DISPUTE_RESERVATION,
            Provision.RESERVATION_WITHDRAWN,
        ],
    ).order_by("provision")
    return {
        "signature_date": state.signature_date,
        "party_since": state.party_since,
        "instrument": state.get_instrument_display() if state.instrument else "",
        "entry_into_force": state.entry_into_force,
        "competence_declaration": state.competence_declaration,
        "declarations": list(notified),
    }
