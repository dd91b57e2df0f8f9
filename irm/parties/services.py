"""Writes to the parties app: reference data loading."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

from django.db import transaction

from irm.core.audit import record_event
from irm.parties.models import LegalSystem, RegionalGroup, State, StateAlias
from irm.parties.names import normalise_name

FIELDS = (
    "name_en",
    "name_zh",
    "name_ar",
    "name_fr",
    "name_ru",
    "name_es",
    "regional_group",
    "party_since",
    "legal_system",
    "note",
)


def _rows(filename: str) -> list[dict[str, str]]:
    with resources.files("irm.parties").joinpath("data", filename).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_parties(*, actor: Any = None) -> dict[str, int]:
    """Create or update the parties and their aliases from the shipped CSV files. Idempotent."""
    created = updated = 0
    for number, row in enumerate(_rows("parties.csv"), start=2):
        if row["regional_group"] not in RegionalGroup.values:
            raise ValueError(f"parties.csv row {number}: unknown regional_group {row['regional_group']!r}")
        if row["legal_system"] not in LegalSystem.values:
            raise ValueError(f"parties.csv row {number}: unknown legal_system {row['legal_system']!r}")
        values: dict[str, Any] = {field: row[field] for field in FIELDS}
        values["party_since"] = date.fromisoformat(row["party_since"]) if row["party_since"] else None
        state = State.objects.filter(iso3=row["iso3"]).first()
        if state is None:
            state = State.objects.create(iso3=row["iso3"], **values)
            created += 1
        elif any(getattr(state, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(state, key, value)
            state.save()
            updated += 1
    by_iso3 = {s.iso3: s for s in State.objects.all()}
    aliases = 0
    for number, row in enumerate(_rows("aliases.csv"), start=2):
        if row["iso3"] not in by_iso3:
            raise ValueError(f"aliases.csv row {number}: unknown ISO3 code {row['iso3']!r}")
        _, made = StateAlias.objects.update_or_create(
            key=normalise_name(row["alias"]), defaults={"alias": row["alias"], "state": by_iso3[row["iso3"]]}
        )
        aliases += made
    if created or updated or aliases:
        record_event(
            actor=actor,
            action="reference.parties_loaded",
            object_type="parties.state",
            after={"created": created, "updated": updated, "aliases_created": aliases},
        )
    return {"created": created, "updated": updated, "aliases_created": aliases}
