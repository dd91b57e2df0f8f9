"""The report's figures: needs identified against needs addressed over time; needs by category."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from irm.core.charts import new_figure, render


def over_time(doc: dict[str, Any]) -> bytes:
    rows = doc["over_time"]
    years = [str(r["year"]) for r in rows]
    figure = new_figure(8, 4)
    ax = figure.add_subplot(1, 1, 1)
    ax.plot(years, [r["identified"] for r in rows], marker="o", label=_("Needs identified"))
    ax.bar(years, [r["met"] for r in rows], label=_("Met"), color="#2e7d32")
    ax.bar(
        years,
        [r["partly_met"] for r in rows],
        bottom=[r["met"] for r in rows],
        label=_("Partly met"),
        color="#f9a825",
    )
    ax.set_ylabel(_("Needs"))
    ax.set_title(_("Needs identified and needs addressed, at the end of each year"))
    if rows:
        ax.legend()
    return render(figure, "svg")


def by_category(doc: dict[str, Any], limit: int = 12) -> bytes:
    rows = doc["by_category"][:limit][::-1]
    labels = [str(r["name"])[:40] for r in rows]
    figure = new_figure(8, max(2.5, 0.4 * len(rows) + 1))
    ax = figure.add_subplot(1, 1, 1)
    left = [0] * len(rows)
    for key, label, color in (
        ("met", _("Met"), "#2e7d32"),
        ("partly_met", _("Partly met"), "#f9a825"),
        ("unmet", _("Unmet"), "#c62828"),
    ):
        values = [r[key] for r in rows]
        ax.barh(labels, values, left=left, label=label, color=color)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(_("Needs"))
    ax.set_title(_("Needs by category"))
    if rows:
        ax.legend()
    return render(figure, "svg")
