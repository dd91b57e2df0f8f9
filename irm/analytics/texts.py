"""The process analytics as plain text (the `--format text` of the commands), in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from irm.analytics import labels


def days(value: float | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=0 if value == int(value) else 1)


def share(value: float | None) -> str:
    return "—" if value is None else f"{number_format(value * 100, decimal_pos=0)} %"


def count(value: int | None) -> str:
    return "—" if value is None else number_format(value)


def durations_text(data: dict[str, Any]) -> str:
    """`irm analytics durations --format text`: one line per stage, then the delays by reason."""
    lines = [
        _("Cycle %(cycle)s — how long each stage took, as of %(date)s (%(reviews)s reviews)")
        % {"cycle": data["cycle"], "date": data["as_of"], "reviews": data["reviews"]},
    ]
    if data.get("public"):
        lines.append(
            _("Public version: figures from fewer than %(n)s reviews are not shown (%(cells)s cells).")
            % {"n": data["min_cell"], "cells": data["suppressed_cells"]}
        )
    header = [
        _("Stage"),
        _("Reviews"),
        _("Median days"),
        _("90th percentile"),
        _("Not recorded"),
        _("On time"),
    ]
    rows = [
        [
            labels.stage(row["stage"]),
            count(row["reviews"]),
            days(row["median_days"]),
            days(row["p90_days"]),
            count(row["not_recorded"]),
            share(row.get("on_time_share")),
        ]
        for row in data["stages"]
    ]
    lines += _table(header, rows)
    lines.append("")
    lines.append(_("Delays by recorded reason"))
    if not data["delays_by_reason"]:
        lines.append("  " + _("None recorded."))
    for reason, number in data["delays_by_reason"].items():
        shown = (
            count(number) if number is not None else _("fewer than %(n)s reviews") % {"n": data["min_cell"]}
        )
        lines.append(f"  {labels.reason(reason)}: {shown}")
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = [
        "  "
        + "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    ]
    for row in rows:
        out.append(
            "  "
            + "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return out
