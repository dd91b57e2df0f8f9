"""Every change to the directory: proposals, their approval or rejection, and imports (issue 21 §2, §4).

Whatever the route, a change lands through `_apply`, which writes the entry and a new `Version` (every
version is kept) and never replaces an entry with information older than it holds (`as_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied, TooLong
from irm.directory import languages, permissions
from irm.directory.models import DATA_FIELDS, Answer, Entry, Proposal, Provision, Version
from irm.parties.models import State

MAX_TEXT = 4000


def _may_decide(actor: Any) -> bool:
    """The secretariat; or the command line (`irm directory import`, actor "cli"), run by whoever runs
    the server: a page or the API always passes a user, never a string."""
    return isinstance(actor, str) or permissions.can_decide(actor)


def clean_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data of an entry checked and normalised; raises InvalidInput naming the field."""
    out: dict[str, Any] = {}
    for name in DATA_FIELDS:
        value = data.get(name)
        if name == "languages":
            codes = value if isinstance(value, list) else languages.parse(str(value or ""))[0]
            unknown = [c for c in codes if languages.code_of(str(c)) is None]
            if unknown:
                raise InvalidInput(
                    _("Unknown language: %(names)s.") % {"names": ", ".join(map(str, unknown))},
                    code="invalid_language",
                    details={"field": "languages"},
                )
            out[name] = [languages.code_of(str(c)) for c in codes]
        elif name in ("accepts_electronic_requests", "interpol_in_urgent_cases"):
            value = value or Answer.UNKNOWN
            if value not in Answer.values:
                raise InvalidInput(
                    _("Answer yes, no or unknown."), code="invalid_value", details={"field": name}
                )
            out[name] = str(value)
        elif name == "contacts_public":
            out[name] = bool(value)
        else:
            text = str(value or "").strip()
            if len(text) > MAX_TEXT:
                raise TooLong(_("The text is too long."), details={"field": name})
            out[name] = text
    if len(out["authority"]) > Entry._meta.get_field("authority").max_length:  # type: ignore[operator]
        raise TooLong(_("The text is too long."), details={"field": "authority"})
    return out


def _check_provision(provision: str) -> None:
    if provision not in Provision.values:
        raise InvalidInput(
            _("Unknown article of the Convention for the directory."),
            code="invalid_provision",
            details={"field": "provision"},
        )


def _apply(
    *,
    actor: Any,
    state: State,
    provision: str,
    data: dict[str, Any],
    as_of: date,
    source: str,
    entry: Entry | None,
) -> Entry:
    """Write the entry (new or locked) and its new version; refuses information older than the entry's."""
    if entry is None:
        entry = Entry(
            state=state,
            provision=provision,
            article=Article.objects.get(number=Provision.article_of(provision)),
            as_of=as_of,
            version=0,
        )
    elif as_of < entry.as_of:
        raise Conflict(
            _("The directory holds newer information (as of %(date)s).") % {"date": entry.as_of.isoformat()},
            code="directory_newer",
            details={"field": "as_of"},
        )
    for name in DATA_FIELDS:
        setattr(entry, name, data[name])
    entry.as_of = as_of
    entry.version += 1
    entry.save()
    Version.objects.create(
        entry=entry,
        number=entry.version,
        data={name: data[name] for name in DATA_FIELDS},
        as_of=as_of,
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return entry


def find_entry(*, state: State, provision: str, authority: str) -> Entry | None:
    return Entry.objects.filter(state=state, provision=provision, authority=authority).first()


@transaction.atomic
def propose_change(
    *,
    actor: Any,
    state: State,
    provision: str,
    data: dict[str, Any],
    as_of: date,
    entry: Entry | None = None,
) -> Proposal:
    """A focal point (of this State) or the secretariat proposes a new entry or a change to one."""
    if not permissions.can_propose(actor, state):
        raise PermissionDenied(_("Only the focal point of the State or the secretariat may propose changes."))
    _check_provision(provision)
    if entry is not None and (entry.state_id != state.pk or entry.provision != provision):
        raise InvalidInput(_("That entry is not of this State and article."), code="invalid_value")
    cleaned = clean_data(data)
    if entry is not None and as_of < entry.as_of:
        raise Conflict(
            _("The directory holds newer information (as of %(date)s).") % {"date": entry.as_of.isoformat()},
            code="directory_newer",
            details={"field": "as_of"},
        )
    proposal = Proposal.objects.create(
        state=state,
        provision=provision,
        entry=entry,
        base_version=entry.version if entry else 0,
        data=cleaned,
        as_of=as_of,
        proposed_by=actor,
    )
    record_event(
        actor=actor,
        action="directory.change_proposed",
        obj=proposal,
        after={"state": state.iso3, "provision": provision, "entry": entry.pk if entry else None, **cleaned},
    )
    return proposal


@transaction.atomic
def approve_proposal(*, actor: Any, proposal: Proposal) -> Entry:
    """The secretariat approves: the change lands unless the entry changed since it was proposed."""
    if not permissions.can_decide(actor):
        raise PermissionDenied(_("Only the secretariat approves changes to the directory."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise Conflict(_("This proposal was already decided."), code="already_decided")
    entry = Entry.objects.select_for_update().get(pk=proposal.entry_id) if proposal.entry_id else None
    if entry is None:
        entry = find_entry(
            state=proposal.state, provision=proposal.provision, authority=proposal.data["authority"]
        )
    elif entry.version != proposal.base_version:
        raise Conflict(
            _("The entry changed after this proposal was made; propose the change again."), code="stale"
        )
    if proposal.entry_id is None and entry is not None:
        raise Conflict(_("An entry for this authority already exists; propose a change to it."), code="stale")
    before = _snapshot(entry) if entry else None
    entry = _apply(
        actor=actor,
        state=proposal.state,
        provision=proposal.provision,
        data=proposal.data,
        as_of=proposal.as_of,
        source="proposal",
        entry=entry,
    )
    proposal.status = Proposal.Status.APPROVED
    proposal.entry = entry
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "entry", "decided_by", "decided_at"])
    record_event(
        actor=actor,
        action="directory.change_approved",
        obj=entry,
        before=before,
        after={**_snapshot(entry), "proposal": proposal.pk},
    )
    return entry


@transaction.atomic
def reject_proposal(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    if not permissions.can_decide(actor):
        raise PermissionDenied(_("Only the secretariat rejects changes to the directory."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), code="reason_required", details={"field": "reason"})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise Conflict(_("This proposal was already decided."), code="already_decided")
    proposal.status = Proposal.Status.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()[:MAX_TEXT]
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record_event(
        actor=actor,
        action="directory.change_rejected",
        obj=proposal,
        reason=proposal.reason,
        after={"status": "rejected"},
    )
    return proposal


def _snapshot(entry: Entry) -> dict[str, Any]:
    return {
        "state": entry.state.iso3,
        "provision": entry.provision,
        "version": entry.version,
        "as_of": entry.as_of.isoformat(),
        **{name: getattr(entry, name) for name in DATA_FIELDS},
    }


@dataclass(frozen=True)
class ImportRow:
    """One checked row of an import file."""

    row: int
    state: State
    provision: str
    data: dict[str, Any]
    as_of: date


@transaction.atomic
def import_entries(*, actor: Any, rows: list[ImportRow], filename: str) -> dict[str, int]:
    """Apply checked rows all or nothing: new entries are created, older ones updated; a row older
    than the entry it would replace is skipped (never overwrites newer information), an identical
    one is left as it is. Returns the counts."""
    if not _may_decide(actor):
        raise PermissionDenied(_("Only the secretariat imports the directory."))
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped_newer": 0}
    for row in rows:
        entry = find_entry(state=row.state, provision=row.provision, authority=row.data["authority"])
        outcome = compare(entry, row)
        counts[outcome] += 1
        if outcome in ("created", "updated"):
            if entry is not None:
                entry = Entry.objects.select_for_update().get(pk=entry.pk)
            _apply(
                actor=actor,
                state=row.state,
                provision=row.provision,
                data=row.data,
                as_of=row.as_of,
                source="import",
                entry=entry,
            )
    record_event(
        actor=actor,
        action="directory.entries_imported",
        object_type="directory.import",
        object_id=filename[:200],
        after={"file": filename, "rows": len(rows), **counts},
    )
    return counts


def compare(entry: Entry | None, row: ImportRow) -> str:
    """What importing the row would do to the entry: created, updated, unchanged or skipped_newer."""
    if entry is None:
        return "created"
    if row.as_of < entry.as_of:
        return "skipped_newer"
    if row.as_of == entry.as_of and all(getattr(entry, n) == row.data[n] for n in DATA_FIELDS):
        return "unchanged"
    return "updated"
