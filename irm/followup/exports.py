"""The compilation as tables (CSV/XLSX through irm.core.tabular: formula-safe) — labels, not codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from irm.core.tabular import SheetOut, write_csv, write_xlsx
from irm.followup.selectors import STATUSES, Compilation, status_labels
from irm.parties.models import RegionalGroup


def _header(first: str) -> list[str]:
    labels = status_labels()
    return [first, _("Recommendations"), *[str(labels[s]) for s in STATUSES]]


def state_rows(compilation: Compilation) -> list[list[object]]:
    return [[r.name, r.recommendations, *[r.by_status[s] for s in STATUSES]] for r in compilation.states]


def sheets(compilation: Compilation) -> list[SheetOut]:
    regions = dict(RegionalGroup.choices)

    def rows(table: dict, name: Callable[[Any], object]) -> list[list[object]]:
        return [[name(k), sum(v.values()), *[v[s] for s in STATUSES]] for k, v in sorted(table.items())]

    return [
        SheetOut(_("By State"), _header(_("State")), state_rows(compilation), freeze_header=True),
        SheetOut(_("By article"), _header(_("Article")), rows(compilation.by_article, lambda k: k)),
        SheetOut(_("By chapter"), _header(_("Chapter")), rows(compilation.by_chapter, lambda k: k)),
        SheetOut(
            _("By region"),
            _header(_("Region")),
            rows(compilation.by_region, lambda k: str(regions.get(k, k))),
        ),
    ]


def export(compilation: Compilation, fmt: str) -> bytes:
    """CSV: the table by State; XLSX: one sheet per view (State, article, chapter, region)."""
    if fmt == "xlsx":
        return write_xlsx(sheets(compilation))
    return write_csv(_header(_("State")), state_rows(compilation), bom=True).encode("utf-8")
