"""The process analytics as tables: for the page, for CSV and for XLSX (through the one formula-safe writer).

Every table is built from the report the selectors return, so the page, the files and the JSON
agree. Headers and row labels are the words a person reads, in the active language; a suppressed
cell of the public version reads "fewer than N reviews".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from irm.analytics import labels
from irm.core.tabular import SheetOut, write_csv, write_xlsx


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    sheet: str = ""  # the XLSX sheet's name (at most 31 characters)


def _cell(value: Any, hidden: bool, report: dict[str, Any]) -> Any:
    if hidden:
        return _("fewer than %(n)s reviews") % {"n": report["min_cell"]}
    return "" if value is None else value


def stage_table(report: dict[str, Any]) -> Table:
    header = [
        _("Stage"),
        _("Reviews measured"),
        _("Median days"),
        _("90th percentile (days)"),
        _("Open"),
        _("Not recorded"),
        _("Indicative days"),
        _("On time"),
        _("Late"),
        _("Share on time"),
    ]
    rows = []
    for row in report["stages"]:
        hidden = bool(row.get("suppressed"))
        rows.append(
            [
                labels.stage(row["stage"]),
                _cell(row["reviews"], hidden, report),
                _cell(row["median_days"], hidden, report),
                _cell(row["p90_days"], hidden, report),
                row["open"],
                row["not_recorded"],
                "" if row["indicative_days"] is None else row["indicative_days"],
                "" if row["on_time"] is None else row["on_time"],
                "" if row["late"] is None else row["late"],
                "" if row["on_time_share"] is None else row["on_time_share"],
            ]
        )
    return Table("stages", _("Duration of each stage"), header, rows, _("Stages"))


def _grouped(
    report: dict[str, Any], key: str, title: str, sheet: str, name: Callable[[dict[str, Any]], str]
) -> Table:
    header = [_("Stage")]
    for group in report[key]:
        label = name(group)
        header += [
            _("%(group)s: reviews") % {"group": label},
            _("%(group)s: median days") % {"group": label},
            _("%(group)s: 90th percentile") % {"group": label},
        ]
    rows = []
    for index, row in enumerate(report["stages"]):
        line: list[Any] = [labels.stage(row["stage"])]
        for group in report[key]:
            cell = group["stages"][index]
            hidden = bool(cell.get("suppressed"))
            line += [_cell(cell[f], hidden, report) for f in ("reviews", "median_days", "p90_days")]
        rows.append(line)
    return Table(key, title, header, rows, sheet)


def region_table(report: dict[str, Any]) -> Table:
    return _grouped(
        report,
        "by_region",
        _("Duration of each stage by regional group"),
        _("By regional group"),
        lambda g: labels.region(g["group"]),
    )


def year_table(report: dict[str, Any]) -> Table:
    return _grouped(
        report,
        "by_year",
        _("Duration of each stage by year of the draw"),
        _("By year of the draw"),
        lambda g: labels.year_of_draw(g["group"], g["calendar_year"]),
    )


def delay_table(report: dict[str, Any]) -> Table:
    header = [_("Reason"), _("Delays recorded"), _("Reviews"), _("At the stages")]
    rows = []
    for row in report["delays"]:
        hidden = bool(row.get("suppressed"))
        stages = "; ".join(f"{labels.stage(s)}: {n}" for s, n in row["by_stage"].items())
        rows.append(
            [
                labels.reason(row["reason"]),
                _cell(row["delays"], hidden, report),
                _cell(row["reviews"], hidden, report),
                "" if hidden else stages,
            ]
        )
    return Table("delays", _("Delays by recorded reason"), header, rows, _("Delays"))


def completion_table(report: dict[str, Any]) -> Table:
    header = [_("Year"), _("Planned"), _("Completed"), _("Planned, cumulative"), _("Completed, cumulative")]
    rows = [
        [
            row["year"],
            row["planned"],
            "" if row["completed"] is None else row["completed"],
            row["planned_cumulative"],
            "" if row["completed_cumulative"] is None else row["completed_cumulative"],
        ]
        for row in report["completed_per_year"]
    ]
    return Table(
        "completions",
        _("Executive summaries agreed per year against the plan"),
        header,
        rows,
        _("Completions"),
    )


def dialogue_table(report: dict[str, Any]) -> Table:
    d = report["dialogue_to_summary"]
    header = [_("Reviews of"), _("Reviews"), _("Median days"), _("90th percentile (days)")]

    def line(label: str, cell: dict[str, Any]) -> list[Any]:
        hidden = bool(cell.get("suppressed"))
        return [label, *[_cell(cell[f], hidden, report) for f in ("reviews", "median_days", "p90_days")]]

    rows = [line(_("All reviews"), d)]
    rows += [line(labels.dialogue_kind(k), cell) for k, cell in d["by_kind"].items()]
    rows += [line(labels.region(g), cell) for g, cell in d["by_region"].items()]
    return Table(
        "dialogue",
        _("From the direct dialogue to the executive summary"),
        header,
        rows,
        _("Dialogue to summary"),
    )


def review_table(rows: Sequence[dict[str, Any]], stages: Sequence[str]) -> Table:
    """The secretariat's per-review durations (never in the public version)."""
    header = [_("State"), _("Regional group"), _("Year of the draw"), *[labels.stage(s) for s in stages]]
    out = []
    for row in rows:
        values = [v if isinstance(v, int) else labels.status(v) for v in (row[s] for s in stages)]
        out.append([row["iso3"], labels.region(row["region"]), row["year"] or "", *values])
    return Table("reviews", _("Each review's stages (days)"), header, out, _("Reviews"))


def tables(report: dict[str, Any], reviews: Sequence[dict[str, Any]] | None = None) -> list[Table]:
    result = [
        stage_table(report),
        region_table(report),
        year_table(report),
        delay_table(report),
        completion_table(report),
        dialogue_table(report),
    ]
    if reviews is not None and not report["public"]:
        result.append(review_table(reviews, [row["stage"] for row in report["stages"]]))
    return result


def as_csv(items: Sequence[Table]) -> str:
    """All tables in one CSV, each under its title and separated by an empty line."""
    return "\n".join(write_csv([t.title], [t.header, *t.rows]) for t in items)


def as_xlsx(items: Sequence[Table]) -> bytes:
    return write_xlsx(
        [SheetOut((t.sheet or t.key)[:31], t.header, t.rows, freeze_header=True) for t in items]
    )
