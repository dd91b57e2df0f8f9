"""The parties' reference data files, read without Django (the lots engine's tests and benchmark use them too).

Each file in `irm/parties/data/` is one table: a CSV whose first line is a `# source: …` comment
naming where its values come from, then a header row. Values carry their own `status`
(`verified` when a reachable source confirmed them, `unverified` otherwise) and `source`.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from importlib import resources
from typing import IO

#: Article 68 (1): the Convention entered into force on this day (90 days after the 30th instrument).
CONVENTION_IN_FORCE = date(2005, 12, 14)
#: Article 68 (2): for a later party, the 30th day after it deposited its instrument.
DAYS_AFTER_DEPOSIT = 30
LANGUAGES = ("en", "zh", "ar", "fr", "ru", "es")
MAX_ROWS = 10_000
MAX_CELL = 1_000


class DataFileError(ValueError):
    """A shipped data file is malformed: the message names the file, row and field."""


def entry_into_force(deposit: date) -> date:
    """The day the Convention entered into force for a party that deposited on `deposit` (art. 68)."""
    return max(deposit + timedelta(days=DAYS_AFTER_DEPOSIT), CONVENTION_IN_FORCE)


def source_line(handle: IO[str], filename: str) -> str:
    first = handle.readline()
    if not first.startswith("# source:"):
        raise DataFileError(f"{filename} row 1: the first line must be a '# source: …' comment")
    return first[len("# source:") :].strip()


def read_table(filename: str) -> tuple[str, list[dict[str, str]]]:
    """(the file's source line, its rows) — bounded in rows and cell length."""
    with resources.files("irm.parties").joinpath("data", filename).open(encoding="utf-8") as handle:
        source = source_line(handle, filename)
        rows = []
        for number, row in enumerate(csv.DictReader(handle), start=3):
            if number > MAX_ROWS:
                raise DataFileError(f"{filename}: more than {MAX_ROWS} rows")
            for field, value in row.items():
                if value is not None and len(value) > MAX_CELL:
                    raise DataFileError(
                        f"{filename} row {number}, field {field}: longer than {MAX_CELL} characters"
                    )
            row["_row"] = str(number)
            rows.append(row)
    return source, rows


def engine_parties() -> list[dict[str, str]]:
    """Code, regional group, legal system and deposit date of every party, for the pure lots engine.

    `party_since` is the deposit date ("" when not known).
    """
    _, parties = read_table("parties.csv")
    _, dates = read_table("ratifications.csv")
    _, systems = read_table("legal_systems.csv")
    deposit = {r["iso3"]: r["value"] for r in dates if r["field"] == "deposit"}
    legal = {r["iso3"]: r["legal_system"] for r in systems}
    return [
        {
            "iso3": p["iso3"],
            "regional_group": p["regional_group"],
            "legal_system": legal.get(p["iso3"], ""),
            "party_since": deposit.get(p["iso3"], ""),
        }
        for p in parties
    ]
