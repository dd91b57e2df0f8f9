"""A simulation's results in words: the rows of the side-by-side comparison (text, page, evidence note).

One definition of the rows serves the command's text output, the page's table and the note, so the
three say the same thing. Values are formatted for the active language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else (_("yes") if value else _("no"))


def _number(value: Any) -> str:
    return "—" if value is None else number_format(value, force_grouping=True)


def _year(value: int | None) -> str:
    return "—" if value is None else str(value)


def _usd(value: str | None) -> str:
    if value is None:
        return "—"
    return _("%(amount)s USD") % {"amount": number_format(Decimal(value), decimal_pos=2, force_grouping=True)}


def _share(value: float | None) -> str:
    return "—" if value is None else f"{number_format(value * 100, decimal_pos=0)} %"


def _gap(value: str) -> str:
    amount = Decimal(value)
    if amount < 0:
        return _("surplus of %(amount)s") % {"amount": _usd(str(-amount))}
    return _usd(value)


def _cap(value: int | None) -> str:
    return _("none") if value is None else _number(value)


Row = tuple[str, Callable[[dict[str, Any]], str]]


def rows() -> list[Row]:
    """(label, how to show a result's value): results first, then the assumptions they rest on."""
    return [
        (_("A valid drawing of lots exists under the caps"), lambda r: _yes_no(r["feasible"])),
        (_("Why not"), lambda r: r["reason"] or "—"),
        (
            _("Year all reviews are completed (median of the runs)"),
            lambda r: _year(r["completion_year_median"]),
        ),
        (_("Year all reviews are completed (90th percentile)"), lambda r: _year(r["completion_year_p90"])),
        (_("Year the proposed threshold is reached (median)"), lambda r: _year(r["threshold_year"])),
        (
            _("Busiest reviewing party: reviews in one year"),
            lambda r: _number(r["max_reviews_per_reviewer_year"]),
        ),
        (_("Cost in total"), lambda r: _usd(r["cost_total"])),
        (_("Funding gap against pledged contributions"), lambda r: _gap(r["funding_gap"])),
        (_("Reviews"), lambda r: _number(r["inputs"]["reviews"])),
        (_("Reviews started a year"), lambda r: _number(r["inputs"]["reviews_per_year"])),
        (_("Years of reviews started"), lambda r: _number(r["inputs"]["years"])),
        (_("First year"), lambda r: _year(r["inputs"]["start_year"])),
        (_("Cap on reviews by one party a year"), lambda r: _cap(r["inputs"]["reviewer_cap_per_year"])),
        (
            _("Cap on reviews by one party in the phase"),
            lambda r: _cap(r["inputs"]["reviewer_cap_per_cycle"]),
        ),
        (_("Reviewing parties per review"), lambda r: _number(r["inputs"]["reviewers_per_review"])),
        (_("The European Union is reviewed"), lambda r: _yes_no(r["inputs"]["eu_reviewed"])),
        (_("The European Union may review"), lambda r: _yes_no(r["inputs"]["eu_reviews"])),
        (_("Completion threshold (a proposal)"), lambda r: _share(r["inputs"]["completion_threshold"])),
        (_("Cost of one review"), lambda r: _usd(r["inputs"]["cost_per_review"])),
        (_("Pledged contributions available"), lambda r: _usd(r["inputs"]["pledged_contributions"])),
        (_("Monte Carlo runs"), lambda r: _number(r["inputs"]["runs"])),
        (_("Seed"), lambda r: str(r["inputs"]["seed"])),
    ]


def comparison(results: Sequence[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return [(label, [show(r) for r in results]) for label, show in rows()]


def result_text(result: dict[str, Any], name: str) -> str:
    lines = [_("Proposal: %(name)s") % {"name": name}]
    lines += [f"  {label}: {values[0]}" for label, values in comparison([result])]
    lines += [f"  {note}" for note in result["notes"]]
    return "\n".join(lines) + "\n"


def comparison_text(results: Sequence[dict[str, Any]], names: Sequence[str]) -> str:
    table = [(_("Proposal"), list(names)), *comparison(results)]
    width = max(len(label) for label, _values in table)
    columns = [max(len(values[i]) for _label, values in table) for i in range(len(names))]
    lines = []
    for label, values in table:
        cells = "  ".join(v.ljust(w) for v, w in zip(values, columns, strict=True))
        lines.append(f"{label.ljust(width)}  {cells}".rstrip())
    return "\n".join(lines) + "\n"
