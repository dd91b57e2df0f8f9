"""Writes to the parties app: loading the reference data files, and the secretariat's corrections.

Every value loaded records its source (`ValueSource`). A value the secretariat corrected is marked
`corrected` and wins: `irm init` reloads everything else but never overwrites a correction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput
from irm.parties.models import (
    Instrument,
    LegalSystem,
    PartyKind,
    RegionalGroup,
    State,
    StateAlias,
    ValueSource,
)
from irm.parties.names import normalise_name
from irm.parties.reference import LANGUAGES, DataFileError, entry_into_force, read_table

#: Values the secretariat may correct, with the kind of value each holds.
DATE_FIELDS = ("signature_date", "party_since", "entry_into_force", "party_by")
NAME_FIELDS = tuple(f"{kind}_{lang}" for kind in ("name", "formal_name") for lang in LANGUAGES)
TEXT_FIELDS = ("competence_declaration", "legal_system_components")
CHOICE_FIELDS: dict[str, type[Any]] = {"instrument": Instrument, "legal_system": LegalSystem}
CORRECTABLE = (*NAME_FIELDS, *DATE_FIELDS, *CHOICE_FIELDS, *TEXT_FIELDS)
#: ratifications.csv field → model field
RATIFICATION_FIELDS = {
    "signature": "signature_date",
    "deposit": "party_since",
    "instrument": "instrument",
    "entry_into_force": "entry_into_force",
    "party_by": "party_by",
    "competence_declaration": "competence_declaration",
}
STATUSES = (ValueSource.Status.VERIFIED, ValueSource.Status.UNVERIFIED)
MAX_SOURCE = 500


def _fail(filename: str, row: dict[str, str], field: str, message: str) -> DataFileError:
    return DataFileError(f"{filename} row {row.get('_row', '?')}, field {field}: {message}")


def _date(filename: str, row: dict[str, str], field: str, value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise _fail(filename, row, field, f"not a date (YYYY-MM-DD): {value!r}") from error


class _Loader:
    """One load: values per State and field, then one pass that writes what changed."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, tuple[Any, str, str]]] = defaultdict(dict)
        self.counts = {"created": 0, "updated": 0, "kept_corrections": 0, "aliases_created": 0}

    def put(self, iso3: str, field: str, value: Any, status: str, source: str) -> None:
        self.values[iso3][field] = (value, status, source[:MAX_SOURCE])

    def read_parties(self) -> list[dict[str, str]]:
        _, rows = read_table("parties.csv")
        for row in rows:
            if row["regional_group"] not in RegionalGroup.values:
                raise _fail("parties.csv", row, "regional_group", f"unknown group {row['regional_group']!r}")
            if row["kind"] not in PartyKind.values:
                raise _fail("parties.csv", row, "kind", f"unknown kind {row['kind']!r}")
        return rows

    def read_names(self, codes: set[str]) -> None:
        _, rows = read_table("names.csv")
        for row in rows:
            self._check(row, "names.csv", codes)
            if row["language"] not in LANGUAGES or row["kind"] not in ("short", "formal"):
                raise _fail("names.csv", row, "language", f"unknown {row['language']!r}/{row['kind']!r}")
            field = f"{'name' if row['kind'] == 'short' else 'formal_name'}_{row['language']}"
            self.put(row["iso3"], field, row["name"], row["status"], row["source"])

    def read_ratifications(self, codes: set[str]) -> None:
        _, rows = read_table("ratifications.csv")
        for row in rows:
            self._check(row, "ratifications.csv", codes)
            field = RATIFICATION_FIELDS.get(row["field"])
            if field is None:
                raise _fail("ratifications.csv", row, "field", f"unknown {row['field']!r}")
            value: Any = row["value"]
            if field in DATE_FIELDS:
                value = _date("ratifications.csv", row, "value", value)
            elif field == "instrument" and value not in Instrument.values:
                raise _fail("ratifications.csv", row, "value", f"unknown instrument {value!r}")
            self.put(row["iso3"], field, value, row["status"], row["source"])

    def read_legal_systems(self, codes: set[str]) -> None:
        _, rows = read_table("legal_systems.csv")
        for row in rows:
            self._check(row, "legal_systems.csv", codes)
            if row["legal_system"] not in LegalSystem.values:
                raise _fail("legal_systems.csv", row, "legal_system", f"unknown {row['legal_system']!r}")
            self.put(row["iso3"], "legal_system", row["legal_system"], row["status"], row["source"])
            self.put(row["iso3"], "legal_system_components", row["components"], row["status"], row["source"])

    @staticmethod
    def _check(row: dict[str, str], filename: str, codes: set[str]) -> None:
        if row["iso3"] not in codes:
            raise _fail(filename, row, "iso3", f"not a party in parties.csv: {row['iso3']!r}")
        if "status" in row and row["status"] not in STATUSES:
            raise _fail(filename, row, "status", f"must be verified or unverified, not {row['status']!r}")

    def write(self, parties: list[dict[str, str]]) -> None:
        existing = {s.iso3: s for s in State.objects.all()}
        sources: dict[str, dict[str, ValueSource]] = defaultdict(dict)
        for source in ValueSource.objects.select_related("state"):
            sources[source.state.iso3][source.field] = source
        planned: list[tuple[str, dict[str, Any], set[str]]] = []
        for row in parties:
            iso3 = row["iso3"]
            values = {"regional_group": row["regional_group"], "kind": row["kind"], "note": row["note"]}
            corrected = {f for f, s in sources[iso3].items() if s.status == ValueSource.Status.CORRECTED}
            self.counts["kept_corrections"] += len(corrected & set(self.values[iso3]))
            values |= {f: v for f, (v, _, _) in self.values[iso3].items() if f not in corrected}
            planned.append((iso3, values, corrected))
        # A new database's parties in one go (one INSERT each was a fifth of loading the reference data).
        made = State.objects.bulk_create(
            [State(iso3=iso3, **values) for iso3, values, _ in planned if iso3 not in existing],
            batch_size=500,
        )
        self.counts["created"] += len(made)
        existing |= {state.iso3: state for state in made}
        new_sources: list[ValueSource] = []
        for iso3, values, corrected in planned:
            state = existing[iso3]
            if any(getattr(state, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(state, key, value)
                state.save()
                self.counts["updated"] += 1
            new_sources += self._write_sources(state, sources[iso3], corrected)
        # In one go: one INSERT each for the 3,478 sources of a new database took half a second of
        # `irm serve --demo`'s first start.
        ValueSource.objects.bulk_create(new_sources, batch_size=1000)

    def _write_sources(
        self, state: State, known: dict[str, ValueSource], corrected: set[str]
    ) -> list[ValueSource]:
        """Update the sources that changed; returns the new ones, to be created."""
        new = []
        for field, (_, status, source) in self.values[state.iso3].items():
            if field in corrected:
                continue
            row = known.get(field)
            if row is None:
                new.append(ValueSource(state=state, field=field, status=status, source=source))
            elif (row.status, row.source) != (status, source):
                row.status, row.source = status, source
                row.save(update_fields=["status", "source"])
        return new

    def write_aliases(self) -> None:
        by_iso3 = {s.iso3: s for s in State.objects.all()}
        aliases = {alias.key: alias for alias in StateAlias.objects.all()}
        new: list[StateAlias] = []
        _, rows = read_table("aliases.csv")
        for row in rows:
            if row["iso3"] not in by_iso3:
                raise _fail("aliases.csv", row, "iso3", f"not a party: {row['iso3']!r}")
            if row["kind"] not in StateAlias.Kind.values:
                raise _fail("aliases.csv", row, "kind", f"unknown kind {row['kind']!r}")
            defaults = {
                "alias": row["alias"],
                "state_id": by_iso3[row["iso3"]].pk,
                "language": row["language"],
                "kind": row["kind"],
                "source": row["source"][:300],
            }
            key = normalise_name(row["alias"])
            alias = aliases.get(key)
            if alias is None:  # written below, with the other new ones
                alias = aliases[key] = StateAlias(key=key)
                new.append(alias)
            if alias.pk is None or any(getattr(alias, k) != v for k, v in defaults.items()):
                for name, value in defaults.items():
                    setattr(alias, name, value)
                if alias.pk is not None:
                    alias.save()
        StateAlias.objects.bulk_create(new, batch_size=500)
        self.counts["aliases_created"] += len(new)


@transaction.atomic
def load_reference_parties(*, actor: Any = None) -> dict[str, int]:
    """Create or update the parties, their names, dates, legal systems and aliases. Idempotent.

    A value the secretariat corrected is kept (counted in `kept_corrections`).
    """
    loader = _Loader()
    parties = loader.read_parties()
    codes = {row["iso3"] for row in parties}
    loader.read_names(codes)
    loader.read_ratifications(codes)
    loader.read_legal_systems(codes)
    loader.write(parties)
    loader.write_aliases()
    counts = loader.counts
    if counts["created"] or counts["updated"] or counts["aliases_created"]:
        record_event(
            actor=actor, action="reference.parties_loaded", object_type="parties.state", after=counts
        )
    return counts


# --- corrections by the secretariat ------------------------------------------------------------


def _parse(field: str, raw: str) -> Any:
    raw = raw.strip()
    if field in DATE_FIELDS:
        try:
            return date.fromisoformat(raw) if raw else None
        except ValueError as error:
            raise InvalidInput(f"{field}: not a date (YYYY-MM-DD): {raw!r}") from error
    if field in CHOICE_FIELDS:
        choices = CHOICE_FIELDS[field]
        if raw not in choices.values:
            raise InvalidInput(
                f"{field}: one of {', '.join(v for v in choices.values if v)} expected, not {raw!r}"
            )
        return raw
    limit = getattr(State._meta.get_field(field), "max_length", None) or 2000
    if len(raw) > limit:
        raise InvalidInput(f"{field}: longer than {limit} characters")
    if field == "name_en" and not raw:
        raise InvalidInput("name_en: the English name cannot be empty")
    return raw


def _mark_corrected(state: State, field: str, *, source: str, reason: str) -> None:
    ValueSource.objects.update_or_create(
        state=state,
        field=field,
        defaults={
            "status": ValueSource.Status.CORRECTED,
            "source": source[:MAX_SOURCE],
            "reason": reason,
            "corrected_at": timezone.now(),
        },
    )


@transaction.atomic
def correct_party_value(
    *, actor: Any, state: State, field: str, value: str, source: str, reason: str = ""
) -> State:
    """Set one reference value of a party from an official source; the correction wins over reloads.

    Correcting the deposit date also recomputes the entry into force (art. 68), unless that was
    itself corrected.
    """
    if field not in CORRECTABLE:
        raise InvalidInput(f"{field!r} cannot be corrected; one of: {', '.join(CORRECTABLE)}")
    source = source.strip()
    if not source:
        raise InvalidInput("Name the official source of the corrected value.")
    if len(source) > MAX_SOURCE:
        raise InvalidInput(f"The source is longer than {MAX_SOURCE} characters.")
    parsed = _parse(field, value)
    state = State.objects.select_for_update().get(pk=state.pk)
    before = {field: getattr(state, field)}
    setattr(state, field, parsed)
    changed = [field]
    eif_corrected = ValueSource.objects.filter(
        state=state, field="entry_into_force", status=ValueSource.Status.CORRECTED
    ).exists()
    if field == "party_since" and not eif_corrected:
        before["entry_into_force"] = state.entry_into_force
        state.entry_into_force = entry_into_force(parsed) if parsed else None
        changed.append("entry_into_force")
        _mark_corrected(
            state,
            "entry_into_force",
            source=f"computed under art. 68 from the deposit date ({source})",
            reason=reason,
        )
    state.save(update_fields=changed)
    _mark_corrected(state, field, source=source, reason=reason)
    record_event(
        actor=actor,
        action="parties.value_corrected",
        obj=state,
        before=before,
        after={f: getattr(state, f) for f in changed} | {"source": source},
        reason=reason,
    )
    return state


@transaction.atomic
def release_party_correction(*, actor: Any, state: State, field: str, reason: str = "") -> ValueSource:
    """Let the shipped data file decide this value again at the next `irm init`."""
    row = ValueSource.objects.select_for_update().filter(state=state, field=field).first()
    if row is None or row.status != ValueSource.Status.CORRECTED:
        raise InvalidInput(f"{state.iso3}.{field} has no correction to release.")
    row.status = ValueSource.Status.UNVERIFIED
    row.source = "correction released; the next irm init reloads the shipped value"
    row.save(update_fields=["status", "source"])
    record_event(
        actor=actor, action="parties.correction_released", obj=state, before={"field": field}, reason=reason
    )
    return row
