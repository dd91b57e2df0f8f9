"""The compilation's chart: recommendations by article, stacked by status (matplotlib, like other charts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from irm.core.charts import new_figure, render
from irm.followup.selectors import STATUSES, Compilation, status_labels

COLOURS = {
    "implemented": "#1a7f37",
    "partially_implemented": "#9a6700",
    "not_implemented": "#cf222e",
    "no_longer_applicable": "#8c959f",
    "not_reported": "#d0d7de",
}


def status_by_article_chart(compilation: Compilation, fmt: str = "svg") -> bytes:
    """Stacked horizontal bars: one per article, the count of recommendations in each status."""
    articles = sorted(compilation.by_article)
    figure = new_figure(8, max(2.5, 0.3 * len(articles) + 1.5))
    axes = figure.subplots()
    labels = status_labels()
    left = [0] * len(articles)
    names = [str(a) for a in articles]
    for status in STATUSES:
        values = [compilation.by_article[a][status] for a in articles]
        axes.barh(names, values, left=left, color=COLOURS[status], label=str(labels[status]))
        left = [x + v for x, v in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel(_("Recommendations"))
    axes.set_ylabel(_("Article"))
    axes.legend(loc="lower right", fontsize=8)
    axes.set_title(_("Status of recommendations, cycle %(cycle)s") % {"cycle": compilation.cycle})
    return render(figure, fmt)
