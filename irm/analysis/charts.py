"""The six figures of the needs analysis (S003 figures I–VI), drawn from the ta-needs JSON.

Each figure function returns a `Chart`: its caption, the rows of data it plots (written under the
figure in the Word report, and tested against the JSON) and a function that draws the matplotlib
figure. Nothing is drawn until a chart is rendered: the dashboard lists the captions without
importing matplotlib (drawing the six figures took seconds per request), and each image is drawn
once per content version by the chart view. Rendering goes through `irm.core.charts` (fonts for
Chinese and Arabic labels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from irm.analysis import texts
from irm.analysis.texts import T
from irm.core.charts import MIN_PRINT_PT, print_figure, render
from irm.core.numerals import to_roman, zh_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ["#1f5fa8", "#f0a202", "#6a9f3a", "#b23a48"]


@dataclass
class Chart:
    key: str
    caption: str
    header: list[str]
    rows: list[list[Any]]
    draw: Callable[[], Figure]

    def render(self, fmt: str = "png") -> bytes:
        return render(self.draw(), fmt)


def _bars(
    ax: Any, labels: list[str], series: list[tuple[str, list[int]]], *, horizontal: bool = False
) -> None:
    import numpy as np  # with matplotlib, on the first chart (see irm.core.charts)

    positions = np.arange(len(labels))
    width = 0.8 / max(len(series), 1)
    for i, (name, values) in enumerate(series):
        offset = positions + (i - (len(series) - 1) / 2) * width
        bars = (ax.barh if horizontal else ax.bar)(offset, values, width, label=name, color=COLOURS[i % 4])
        ax.bar_label(bars, padding=2, fontsize=MIN_PRINT_PT)
    if horizontal:
        ax.set_yticks(positions, labels, fontsize=MIN_PRINT_PT)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels, fontsize=MIN_PRINT_PT, rotation=0 if len(labels) < 9 else 45)
    if len(series) > 1:
        ax.legend(fontsize=MIN_PRINT_PT, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def figure_categories_by_cycle(data: dict[str, Any], language: str) -> Chart:
    """Figure I: categories of needs in each cycle (one panel per cycle with data)."""
    t = T[language]
    docs = [d for _, d in sorted(data["cycles"].items()) if d["needs_total"]]
    panels = docs or [data["main"]]
    rows = [
        [doc["cycle"], texts.category_name(r, language), r["needs"], texts.percent(r["share"])]
        for doc in panels
        for r in doc["by_category"]
    ]

    def draw() -> Figure:
        fig = print_figure(2.6 * max(len(docs), 1))
        for i, doc in enumerate(panels):
            ax = fig.add_subplot(max(len(docs), 1), 1, i + 1)
            labels = [texts.category_name(r, language) for r in doc["by_category"]]
            values = [r["needs"] for r in doc["by_category"]]
            _bars(ax, labels, [(t["l_needs"], values)], horizontal=True)
            ax.set_title(texts.cycle_label(doc["cycle"], language), fontsize=MIN_PRINT_PT + 1)
        fig.tight_layout()
        return fig

    return Chart(
        "categories_by_cycle",
        t["f1"],
        [t["h_cycle"], t["h_category"], t["h_needs"], t["h_share"]],
        rows,
        draw,
    )


def figure_chapters_two_dates(data: dict[str, Any], language: str) -> Chart:
    """Figure II: needs by chapter at the earlier date (since) and at the as-of date."""
    t = T[language]
    main, earlier = data["main"], data.get("earlier")
    docs = [d for d in (earlier, main) if d is not None]
    chapters = sorted({r["chapter"] for d in docs for r in d["by_chapter"]})
    labels = [texts.chapter_label(c, language) for c in chapters]
    series = []
    rows = []
    for d in docs:
        counts = {r["chapter"]: r["needs"] for r in d["by_chapter"]}
        series.append((texts.month(d["as_of"], language), [counts.get(c, 0) for c in chapters]))
        rows += [[d["as_of"], texts.chapter_label(c, language), counts.get(c, 0)] for c in chapters]

    def draw() -> Figure:
        fig = print_figure(3.6)
        _bars(fig.add_subplot(1, 1, 1), labels, series)
        return fig

    cycle = texts.cycle_label(main["cycle"], language)
    caption = (
        t["f2"].format(
            first=texts.month(earlier["as_of"], language),
            second=texts.month(main["as_of"], language),
            cycle=cycle,
        )
        if earlier
        else t["f2_single"].format(date=texts.month(main["as_of"], language), cycle=cycle)
    )
    return Chart("chapters_two_dates", caption, [t["h_date"], t["h_chapter"], t["h_needs"]], rows, draw)


def figure_regions(data: dict[str, Any], language: str) -> Chart:
    """Figure III: States parties, States with executive summary and States with needs, by region."""
    t = T[language]
    regions = data["main"]["by_region"]
    labels = [texts.REGIONS[language][r["region"]] for r in regions]
    series = [
        (t["l_parties"], [r["states_parties"] for r in regions]),
        (t["l_summaries"], [r["states_with_executive_summary"] for r in regions]),
        (t["l_with_needs"], [r["states_with_needs"] for r in regions]),
    ]

    def draw() -> Figure:
        fig = print_figure(3.6)
        _bars(fig.add_subplot(1, 1, 1), [label.replace(" and ", "\nand ") for label in labels], series)
        return fig

    rows = [
        [
            texts.REGIONS[language][r["region"]],
            r["states_parties"],
            r["states_with_executive_summary"],
            r["states_with_needs"],
            r["needs"],
        ]
        for r in regions
    ]
    header = [t["h_region"], t["h_parties"], t["h_summaries"], t["h_with_needs"], t["h_needs"]]
    caption = t["f3"].format(cycle=texts.cycle_label(data["main"]["cycle"], language))
    return Chart("regions", caption, header, rows, draw)


def figure_category_shares(data: dict[str, Any], language: str) -> Chart:
    """Figure IV: number and share of needs per category in the cycle analysed."""
    t = T[language]
    main = data["main"]
    cats = main["by_category"]
    labels = [f"{texts.category_name(r, language)}" for r in cats]

    def draw() -> Figure:
        fig = print_figure(3.2)
        ax = fig.add_subplot(1, 1, 1)
        positions = list(range(len(cats)))
        bars = ax.barh(positions, [r["needs"] for r in cats], color=COLOURS[0])
        ax.bar_label(
            bars,
            labels=[f"{r['needs']} ({texts.percent(r['share'])})" for r in cats],
            padding=2,
            fontsize=MIN_PRINT_PT,
        )
        ax.set_yticks(positions, labels, fontsize=MIN_PRINT_PT)
        ax.invert_yaxis()
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return fig

    rows = [
        [texts.category_name(r, language), r["needs"], r["states"], texts.percent(r["share"])] for r in cats
    ]
    caption = t["f4"].format(
        cycle=texts.cycle_label(main["cycle"], language), states=main["states_with_needs"]
    )
    return Chart(
        "category_shares", caption, [t["h_category"], t["h_needs"], t["h_states"], t["h_share"]], rows, draw
    )


def figure_articles(data: dict[str, Any], language: str, chapter: int) -> Chart:
    """Figures V and VI: needs and States per article of a chapter."""
    t = T[language]
    rows_in = [r for r in data["main"]["by_article"] if r["chapter"] == chapter]
    labels = [texts.article_label(r["article"], language, short=True) for r in rows_in]

    def draw() -> Figure:
        fig = print_figure(3.4)
        _bars(
            fig.add_subplot(1, 1, 1),
            labels,
            [(t["l_needs"], [r["needs"] for r in rows_in]), (t["l_states"], [r["states"] for r in rows_in])],
        )
        return fig

    rows = [
        [texts.article_label(r["article"], language, short=True), r["needs"], r["states"]] for r in rows_in
    ]
    caption = t["f_articles"].format(roman=to_roman(chapter), zh=zh_number(chapter))
    return Chart(f"articles_{chapter}", caption, [t["h_article"], t["h_needs"], t["h_states"]], rows, draw)


def article_chapters(data: dict[str, Any]) -> list[int]:
    """The chapters whose articles get a figure: the chapters of the cycle with needs (II and V in cycle 2)."""
    with_needs = {r["chapter"] for r in data["main"]["by_chapter"] if r["needs"]}
    reviewed = [c for c in data.get("cycle_chapters", []) if c in with_needs]
    return reviewed or sorted(with_needs)[:2]


def all_figures(data: dict[str, Any], language: str) -> list[Chart]:
    makers: list[Callable[[], Chart]] = [
        lambda: figure_categories_by_cycle(data, language),
        lambda: figure_chapters_two_dates(data, language),
        lambda: figure_regions(data, language),
        lambda: figure_category_shares(data, language),
    ]
    makers += [partial(figure_articles, data, language, c) for c in article_chapters(data)]
    return [make() for make in makers]


FIGURES = {
    "categories_by_cycle": figure_categories_by_cycle,
    "chapters_two_dates": figure_chapters_two_dates,
    "regions": figure_regions,
    "category_shares": figure_category_shares,
}


def one_figure(data: dict[str, Any], key: str, language: str) -> Chart:
    if key.startswith("articles_") and key.removeprefix("articles_").isdigit():
        return figure_articles(data, language, int(key.removeprefix("articles_")))
    if key not in FIGURES:
        from irm.core.exceptions import NotFound

        raise NotFound(f"no figure {key!r}")
    return FIGURES[key](data, language)
