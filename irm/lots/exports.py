"""The pairings of a cycle as files (CSV, XLSX, JSON), in the order the page shows them.

CSV and XLSX go through the formula-safe writer (`irm.core.tabular`). The first columns are those
`irm lots import` reads (`cycle,state_under_review,reviewer_1,reviewer_2`, ISO3 codes), then names
in the interface language and the regional group (its code and its name).
"""

from __future__ import annotations

import json
from typing import Any

from irm.core import tabular
from irm.cycles.models import Cycle

HEADER = (
    "cycle",
    "state_under_review",
    "reviewer_1",
    "reviewer_2",
    "year",
    "state_name",
    "reviewer_1_name",
    "reviewer_2_name",
    "regional_group",
    "regional_group_name",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _row(cycle: Cycle, row: dict[str, Any]) -> tuple[Any, ...]:
    codes = [*row["reviewers"], "", ""][:2]
    names = [*row["reviewer_names"], "", ""][:2]
    return (
        cycle.number,
        row["state"],
        codes[0],
        codes[1],
        row["year"],
        row["name"],
        names[0],
        names[1],
        row["region"],
        str(row["region_name"]),
    )


def render(cycle: Cycle, rows: list[dict[str, Any]], fmt: str) -> bytes:
    table = [_row(cycle, row) for row in rows]
    if fmt == "csv":
        return tabular.write_csv(HEADER, table, bom=True).encode("utf-8")  # the BOM: spreadsheets read UTF-8
    if fmt == "xlsx":
        return tabular.write_xlsx(
            [tabular.SheetOut(f"Cycle {cycle.number}", HEADER, table, freeze_header=True)]
        )
    records = [dict(zip(HEADER, line, strict=True)) for line in table]
    return json.dumps({"cycle": cycle.number, "pairings": records}, ensure_ascii=False, indent=1).encode()
