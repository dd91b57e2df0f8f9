"""The finance page's charts, drawn with irm.core.charts (SVG)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from irm.core.charts import new_figure, render

MILLION = Decimal(1_000_000)


def spending_per_year(report: dict[str, Any]) -> bytes:
    """Extrabudgetary spending per calendar year, one bar series per cycle (stacked)."""
    rows = report["expenditure_by_calendar_year"]
    years = sorted({r["calendar_year"] for r in rows})
    cycles = sorted({r["cycle"] for r in rows})
    figure = new_figure(8, 4)
    ax = figure.add_subplot(1, 1, 1)
    bottom = [0.0] * len(years)
    for cycle in cycles:
        values = [
            float(
                sum(
                    (Decimal(r["amount"]) for r in rows if r["cycle"] == cycle and r["calendar_year"] == y),
                    Decimal(0),
                )
                / MILLION
            )
            for y in years
        ]
        ax.bar([str(y) for y in years], values, bottom=bottom, label=_("Cycle %(n)s") % {"n": cycle})
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(_("Million USD"))
    ax.set_title(_("Spending per year by cycle"))
    if cycles:
        ax.legend()
    ax.tick_params(axis="x", labelrotation=45)
    return render(figure, "svg")


def contributions_by_donor(report: dict[str, Any], *, language: str = "en", limit: int = 15) -> bytes:
    rows = report["contributions_by_donor"][:limit]
    figure = new_figure(8, max(2.5, 0.35 * len(rows) + 1))
    ax = figure.add_subplot(1, 1, 1)
    names = [r["name_zh" if language.startswith("zh") else "name"] for r in rows][::-1]
    received = [float(Decimal(r["received"]) / MILLION) for r in rows][::-1]
    outstanding = [float(Decimal(r["outstanding"]) / MILLION) for r in rows][::-1]
    ax.barh(names, received, label=_("Received"))
    ax.barh(names, outstanding, left=received, label=_("Pledged, not received"))
    ax.set_xlabel(_("Million USD"))
    ax.set_title(_("Contributions by donor"))
    ax.legend(loc="lower right")
    return render(figure, "svg")


def gap_over_time(points: list[dict[str, Any]]) -> bytes:
    from matplotlib import dates as mdates

    figure = new_figure(8, 4)
    ax = figure.add_subplot(1, 1, 1)
    dates = mdates.date2num([date.fromisoformat(p["as_of"]) for p in points])
    ax.plot(
        dates, [float(Decimal(p["requirements_total"]) / MILLION) for p in points], label=_("Requirements")
    )
    ax.plot(
        dates,
        [float(Decimal(p["contributions_total"]) / MILLION) for p in points],
        label=_("Contributions received and pledged"),
    )
    ax.plot(
        dates,
        [float(Decimal(p["funding_gap"]) / MILLION) for p in points],
        label=_("Funding gap"),
        linewidth=2,
    )
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel(_("Million USD"))
    ax.set_title(_("Funding gap over time"))
    ax.legend()
    return render(figure, "svg")


def gap_dates(as_of: date, first_year: int) -> list[date]:
    """Year ends from the first contribution's year to the date, and the date itself."""
    dates = [date(y, 12, 31) for y in range(first_year, as_of.year) if date(y, 12, 31) < as_of]
    return [*dates, as_of]
