"""The two charts of the reviews app, drawn with irm.core.charts (fonts and backend set there)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from irm.core.charts import new_figure, render
from irm.reviews.selectors import Status, TimelineRow, completions_by_month


def timeline_chart(rows: list[TimelineRow], *, as_of: date, fmt: str = "svg") -> bytes:
    """Planned (on time from the draw) vs due vs actual date of each stage."""
    from matplotlib import dates as mdates

    fig = new_figure(8, 5)
    ax: Any = fig.add_subplot(1, 1, 1)  # matplotlib accepts dates; its stubs do not say so
    labels = [row.label for row in rows]
    ys = list(range(len(rows)))[::-1]
    for y, row in zip(ys, rows, strict=True):
        if row.planned_on:
            ax.plot(row.planned_on, y, "o", color="#9aa5b1", label=_("Planned"))
        if row.due_on and row.due_on != row.planned_on:
            ax.plot(row.due_on, y, "D", color="#f0ad4e", label=_("Due (after delays)"))
        if row.done_on:
            ax.plot(row.done_on, y, "s", color="#0d6efd", label=_("Done"))
            if row.planned_on and row.done_on > row.planned_on:
                ax.plot([row.planned_on, row.done_on], [y, y], "-", color="#dc3545", alpha=0.4)
        elif row.is_overdue and row.due_on:
            ax.plot([row.due_on, as_of], [y, y], "-", color="#dc3545", linewidth=2, label=_("Overdue"))
    ax.axvline(as_of, color="#6c757d", linestyle=":", linewidth=1)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys(), fontsize=8, loc="best")
    ax.set_title(_("Timeline: planned and actual"))
    fig.autofmt_xdate()
    return render(fig, fmt)


def status_chart(state: Status, *, fmt: str = "svg") -> bytes:
    """Completed reviews over time, the threshold, the deadlines and the projection."""
    from matplotlib import dates as mdates

    data = state.data
    total = data["reviews"]["total"]
    fig = new_figure(8, 4.5)
    ax: Any = fig.add_subplot(1, 1, 1)  # matplotlib accepts dates; its stubs do not say so
    series = completions_by_month(state.completions)
    if series:
        ax.step([d for d, _n in series], [n for _d, n in series], where="post", label=_("Completed reviews"))
        _last_month, _last_count = series[-1]
        projection = data["projected_completion_date"] or data["projected_threshold_date"]
        if projection and date.fromisoformat(projection) > state.as_of:
            target = total if data["projected_completion_date"] else round(data["threshold"] * total)
            ax.plot(
                [state.as_of, date.fromisoformat(projection)],
                [data["reviews"]["completed"], target],
                linestyle="--",
                color="#6c757d",
                label=_("Projection at the pace of the last 12 months"),
            )
    ax.axhline(
        data["threshold"] * total,
        color="#f0ad4e",
        linestyle="-.",
        label=_("Threshold (proposed, not adopted)"),
    )
    ax.axhline(total, color="#198754", linewidth=0.8, label=_("All reviews"))
    for key, colour in (("current_deadline", "#dc3545"), ("proposed_deadline", "#fd7e14")):
        if data.get(key):
            ax.axvline(
                date.fromisoformat(data[key]),
                color=colour,
                linestyle=":",
                label=_("Deadline") if key == "current_deadline" else _("Proposed extension"),
            )
    ax.set_ylim(0, total * 1.05 if total else 1)
    ax.set_ylabel(_("Reviews"))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(
        _("Cycle %(cycle)s: completed reviews as of %(date)s")
        % {"cycle": data["cycle"], "date": data["as_of"]}
    )
    return render(fig, fmt)
