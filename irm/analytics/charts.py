"""The analytics' charts, drawn with irm.core.charts (its fonts: Noto CJK and Arabic; labels ≥ 8 pt).

Each chart is drawn from the same report or results the tables show. Suppressed cells are left out of
a chart (never drawn as zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from irm.analytics import labels
from irm.core.charts import new_figure, print_figure, render

if TYPE_CHECKING:  # matplotlib is imported on the first chart (irm.core.charts), not at every start
    from matplotlib.figure import Figure

FONT = 8
CHARTS = ("durations", "completions", "delays")


def captions() -> list[tuple[str, str]]:
    return [
        ("durations", _("Days each stage took: median and 90th percentile")),
        ("completions", _("Executive summaries agreed against the plan")),
        ("delays", _("Delays by recorded reason")),
    ]


COLOURS = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"]


def durations_chart(report: dict[str, Any], *, fmt: str = "svg") -> bytes:
    """Median and 90th percentile of each stage's duration (horizontal bars)."""
    rows = [r for r in report["stages"] if r.get("median_days") is not None]
    fig = new_figure(8, 0.45 * max(len(rows), 3) + 1.2)
    ax: Any = fig.add_subplot(1, 1, 1)
    names = [labels.stage(r["stage"]) for r in rows][::-1]
    ys = list(range(len(rows)))
    ax.barh(ys, [r["p90_days"] for r in rows][::-1], color="#9ec5fe", label=_("90th percentile"))
    ax.barh(ys, [r["median_days"] for r in rows][::-1], color="#0d6efd", height=0.5, label=_("Median"))
    ax.set_yticks(ys)
    ax.set_yticklabels(names, fontsize=FONT)
    ax.set_xlabel(_("Days"), fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.legend(fontsize=FONT, loc="lower right")
    ax.set_title(
        _("Cycle %(cycle)s: days each stage took, as of %(date)s")
        % {"cycle": report["cycle"], "date": report["as_of"]},
        fontsize=FONT + 2,
    )
    return render(fig, fmt)


def completions_chart(report: dict[str, Any], *, fmt: str = "svg") -> bytes:
    """Executive summaries agreed per year, cumulative, against the plan."""
    rows = report["completed_per_year"]
    fig = new_figure(8, 4)
    ax: Any = fig.add_subplot(1, 1, 1)
    years = [r["year"] for r in rows]
    ax.step(
        years,
        [r["planned_cumulative"] for r in rows],
        where="post",
        color="#6c757d",
        linestyle="--",
        label=_("Planned"),
    )
    done = [(r["year"], r["completed_cumulative"]) for r in rows if r["completed_cumulative"] is not None]
    if done:
        ax.step(
            [y for y, _n in done], [n for _y, n in done], where="post", color="#0d6efd", label=_("Completed")
        )
    ax.set_ylabel(_("Executive summaries by the end of the year"), fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=FONT, loc="upper left")
    ax.set_title(
        _("Cycle %(cycle)s: completed against the plan") % {"cycle": report["cycle"]}, fontsize=FONT + 2
    )
    return render(fig, fmt)


def delays_chart(report: dict[str, Any], *, fmt: str = "svg") -> bytes:
    """Delays recorded, by reason (suppressed reasons are left out and said so)."""
    rows = [r for r in report["delays"] if r.get("delays") is not None]
    fig = new_figure(8, 0.45 * max(len(rows), 3) + 1.2)
    ax: Any = fig.add_subplot(1, 1, 1)
    ys = list(range(len(rows)))
    ax.barh(ys, [r["delays"] for r in rows][::-1], color="#fd7e14")
    ax.set_yticks(ys)
    ax.set_yticklabels([labels.reason(r["reason"]) for r in rows][::-1], fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(_("Delays recorded"), fontsize=FONT)
    hidden = len(report["delays"]) - len(rows)
    title = _("Cycle %(cycle)s: delays by recorded reason") % {"cycle": report["cycle"]}
    if hidden:
        title += "\n" + _("%(n)s reasons from fewer than %(min)s reviews not shown") % {
            "n": hidden,
            "min": report["min_cell"],
        }
    ax.set_title(title, fontsize=FONT + 2)
    return render(fig, fmt)


def process_chart(report: dict[str, Any], key: str, *, fmt: str = "svg") -> bytes:
    drawers = {"durations": durations_chart, "completions": completions_chart, "delays": delays_chart}
    return drawers[key](report, fmt=fmt)


def proposals_chart(
    results: Sequence[dict[str, Any]], names: Sequence[str], *, fmt: str = "svg", printed: bool = False
) -> bytes:
    return render(proposals_figure(results, names, printed=printed), fmt)


def proposals_figure(
    results: Sequence[dict[str, Any]], names: Sequence[str], *, printed: bool = False
) -> Figure:
    """Each proposal's completed share by year (median of the runs), with the proposed threshold.
    `printed`: drawn at its printed width in a Word document, so that no label is under 8 pt on paper."""
    fig = print_figure(3.6) if printed else new_figure(8, 4.5)
    ax: Any = fig.add_subplot(1, 1, 1)
    for index, (result, name) in enumerate(zip(results, names, strict=True)):
        years = [row["year"] for row in result["years"]]
        shares = [row["completed_share_median"] * 100 for row in result["years"]]
        ax.plot(years, shares, marker="o", markersize=3, color=COLOURS[index % len(COLOURS)], label=name)
    thresholds = sorted({r["inputs"]["completion_threshold"] for r in results})
    for threshold in thresholds:
        ax.axhline(threshold * 100, color="#f0ad4e", linestyle="-.", linewidth=1)
    if thresholds:
        ax.plot([], [], color="#f0ad4e", linestyle="-.", label=_("Proposed threshold (not adopted)"))
    ax.set_ylim(0, 105)
    ax.set_ylabel(_("Reviews completed (%)"), fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=FONT, loc="upper left")
    ax.set_title(_("Reviews completed by the end of each year (median of the runs)"), fontsize=FONT + 2)
    return fig
