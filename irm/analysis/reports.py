"""Report writers: the needs analysis and the thematic reports as Word documents (English and
Chinese), and the needs tables as CSV and XLSX.

Every number in a report comes from the same JSON documents the command and the API return
(`selectors.ta_needs`, `selectors.thematic`); the figures list the data they plot in a table under
them, so a reader (and the tests) can check figure, table and JSON against each other.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from irm.analysis import charts, selectors, texts
from irm.analysis.texts import T
from irm.core.numerals import to_roman, zh_number
from irm.core.tabular import SheetOut, write_csv, write_xlsx
from irm.cycles.models import Cycle
from irm.documents.word import Distribution, Masthead, UnDocument, in_language
from irm.reviews.models import Review

# --- the data of a needs report ----------------------------------------------------------------


def needs_report_data(f: selectors.NeedsFilter, *, scope: QuerySet[Review] | None = None) -> dict[str, Any]:
    """The analysed cycle at the as-of date, the same at the `since` date, and every cycle at as-of."""
    main = selectors.ta_needs(f, scope=scope)
    earlier = selectors.ta_needs(replace(f, as_of=f.since, since=None), scope=scope) if f.since else None
    cycles = {}
    for cycle in Cycle.objects.order_by("number").values_list("number", flat=True):
        cycles[cycle] = (
            main if cycle == f.cycle else selectors.ta_needs(replace(f, cycle=cycle, since=None), scope=scope)
        )
    cycle_chapters = list(
        Cycle.objects.get(number=f.cycle).chapters.order_by("number").values_list("number", flat=True)
    )
    return {"main": main, "earlier": earlier, "cycles": cycles, "cycle_chapters": cycle_chapters}


# --- paragraphs ----------------------------------------------------------------------------------


def _join(items: list[str], language: str) -> str:
    if language == "zh":
        return "、".join(items[:-1]) + (T["zh"]["and"] if len(items) > 1 else "") + items[-1] if items else ""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + T["en"]["and"] + items[-1]


def overall_paragraphs(doc: dict[str, Any], language: str) -> list[str]:
    t = T[language]
    n = lambda x: texts.number(x, language)  # noqa: E731
    total = doc["needs_total"]
    paragraphs = [
        t["overall"].format(
            summaries=n(doc["states_with_executive_summary"]),
            with_needs=n(doc["states_with_needs"]),
            pct=texts.percent(
                selectors.share(doc["states_with_needs"], doc["states_with_executive_summary"])
            ),
            needs=n(total),
        )
    ]
    if doc.get("since"):
        s = doc["since"]
        paragraphs.append(
            t["since"].format(
                since=texts.day(s["date"], language),
                new=n(s["new_executive_summaries"]),
                new_with=n(s["new_states_with_needs"]),
                new_needs=n(s["new_needs"]),
            )
        )
    if total:
        parts = [
            t["chapter_part"].format(
                n=n(r["needs"]),
                pct=texts.percent(r["share"]),
                chapter=texts.chapter_label(r["chapter"], language),
                states=n(r["states"]),
            )
            for r in doc["by_chapter"]
        ]
        unlinked = total - _needs_with_chapter(doc)
        if unlinked > 0:
            parts.append(t["no_chapter"].format(n=n(unlinked)))
        if parts:
            paragraphs.append(t["by_chapters"].format(needs=n(total), parts=_join(parts, language)))
    return paragraphs


def _needs_with_chapter(doc: dict[str, Any]) -> int:
    """Needs linked to some chapter: needs_total minus needs with neither article nor chapter."""
    return doc["needs_total"] - doc.get("needs_without_chapter_or_article", 0)


def region_paragraphs(doc: dict[str, Any], language: str) -> list[str]:
    t = T[language]
    out = []
    for r in sorted(doc["by_region"], key=lambda r: -r["needs"]):
        if not r["states_with_executive_summary"] or not r["needs"]:
            continue
        out.append(
            t["region"].format(
                region=texts.REGIONS[language][r["region"]],
                share_states=texts.percent(r["share_of_states"]),
                share_needs=texts.percent(r["share_of_needs"]),
                needs=texts.number(r["needs"], language),
                with_needs=texts.number(r["states_with_needs"], language),
            )
        )
    return out


def category_paragraphs(doc: dict[str, Any], language: str) -> list[str]:
    t = T[language]
    cats = sorted((r for r in doc["by_category"] if r["needs"]), key=lambda r: (-r["needs"], r["category"]))
    if not cats:
        return []
    top = cats[0]
    text = t["categories"].format(
        category=texts.category_name(top, language),
        n=texts.number(top["needs"], language),
        pct=texts.percent(top["share"]),
        states=texts.number(top["states"], language),
        pct_states=texts.percent(selectors.share(top["states"], doc["states_with_needs"])),
    )
    if len(cats) > 1:
        items = [
            t["category_item"].format(
                category=texts.category_name(r, language), pct=texts.percent(r["share"])
            )
            for r in cats[1:]
        ]
        text += t["categories_more"].format(list=_join(items, language))
    mode = t["mode_primary"] if doc.get("categories_mode") == "primary" else t["mode_all"]
    return [text, mode]


def chapter_paragraphs(doc: dict[str, Any], chapter: int, language: str) -> list[str]:
    t = T[language]
    n = lambda x: texts.number(x, language)  # noqa: E731
    row = next((r for r in doc["by_chapter"] if r["chapter"] == chapter), None)
    if row is None:
        return [t["no_needs"]]
    paragraphs = [
        t["chapter_intro"].format(
            with_needs=n(doc["states_with_needs"]),
            states=n(row["states"]),
            n=n(row["needs"]),
            roman=to_roman(chapter),
            zh=zh_number(chapter),
            pct=texts.percent(row["share"]),
        )
    ]
    arts = sorted(
        (r for r in doc["by_article"] if r["chapter"] == chapter),
        key=lambda r: (-r["needs"], -r["states"], r["article"]),
    )
    if arts:
        first = arts[0]
        text = t["articles"].format(
            a=first["article"],
            a_zh=zh_number(first["article"]),
            n=n(first["needs"]),
            states=n(first["states"]),
        )
        following = [
            t["articles_next"].format(
                a=r["article"], a_zh=zh_number(r["article"]), n=n(r["needs"]), states=n(r["states"])
            )
            for r in arts[1:3]
        ]
        text += (
            t["followed_by"].format(list=_join(following, language))
            if following
            else ("。" if language == "zh" else ".")
        )
        paragraphs.append(text)
    general = next((r for r in doc["general_needs"] if r["chapter"] == chapter), None)
    if general:
        paragraphs.append(
            t["general"].format(
                n=n(general["needs"]),
                states=n(general["states"]),
                roman=to_roman(chapter),
                zh=zh_number(chapter),
            )
        )
    return paragraphs


def group_paragraphs(doc: dict[str, Any], chapter: int, language: str) -> list[str]:
    """R-A1: the articles of a chapter's section as the note groups them, in its order, then the general
    needs it states no rule for (shown separately)."""
    t = T[language]
    n = lambda x: texts.number(x, language)  # noqa: E731
    out = []
    for g in doc.get("groups", []):
        if g["chapter"] != chapter or not g["needs"]:
            continue
        articles = _join([texts.article_label(a, language) for a in g["articles"]], language)
        text = t["group"].format(
            articles=articles[:1].upper() + articles[1:], n=n(g["needs"]), states=n(g["states"])
        )
        if g["includes_general_needs"]:
            text += t["group_general"].format(
                g=n(g["includes_general_needs"]), roman=to_roman(chapter), zh=zh_number(chapter)
            )
        out.append(text + ("。" if language == "zh" else "."))
    separate = doc.get("separate", {})
    for row in separate.get("general_needs", []):
        if row["chapter"] == chapter:
            out.append(
                t["separate"].format(
                    n=n(row["needs"]), states=n(row["states"]), roman=to_roman(chapter), zh=zh_number(chapter)
                )
            )
    return out


def separate_paragraphs(doc: dict[str, Any], language: str) -> list[str]:
    """The needs tied to no article (no rule in the note), and the source of the groups."""
    t = T[language]
    separate = doc.get("separate")
    if not separate:
        return []
    out = []
    unlinked = separate["needs_without_chapter_or_article"]
    if unlinked["needs"]:
        out.append(
            t["separate_unlinked"].format(
                n=texts.number(unlinked["needs"], language), states=texts.number(unlinked["states"], language)
            )
        )
    out.append(t["groups_source"].format(source=doc["groups_source"]))
    return out


# --- tables ---------------------------------------------------------------------------------------


def _addressed(row: dict[str, Any], key: str = "addressed") -> Any:
    """The needs addressed beside a figure of needs (issue 20 §8); "—" where the filter leaves it out."""
    value = row.get(key)
    return "—" if value is None else value


def needs_tables(doc: dict[str, Any], language: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) of the report's tables: the JSON, row by row."""
    t = T[language]
    tables = [
        (
            t["t_chapter"],
            [t["h_chapter"], t["h_needs"], t["h_addressed"], t["h_states"], t["h_share"]],
            [
                [
                    texts.chapter_label(r["chapter"], language),
                    r["needs"],
                    _addressed(r),
                    r["states"],
                    r["share"],
                ]
                for r in doc["by_chapter"]
            ],
        ),
        (
            t["t_article"],
            [t["h_article"], t["h_chapter"], t["h_needs"], t["h_addressed"], t["h_states"], t["h_share"]],
            [
                [
                    r["article"],
                    texts.chapter_label(r["chapter"], language),
                    r["needs"],
                    _addressed(r),
                    r["states"],
                    r["share"],
                ]
                for r in doc["by_article"]
            ],
        ),
        (
            t["t_general"],
            [t["h_chapter"], t["h_needs"], t["h_states"]],
            [
                [texts.chapter_label(r["chapter"], language), r["needs"], r["states"]]
                for r in doc["general_needs"]
            ],
        ),
        (
            t["t_category"],
            [t["h_category"], t["h_needs"], t["h_addressed"], t["h_states"], t["h_share"]],
            [
                [texts.category_name(r, language), r["needs"], _addressed(r), r["states"], r["share"]]
                for r in doc["by_category"]
            ],
        ),
        (
            t["t_region"],
            [
                t["h_region"],
                t["h_summaries"],
                t["h_with_needs"],
                t["h_needs"],
                t["h_addressed"],
                t["h_share_states"],
                t["h_share"],
            ],
            [
                [
                    texts.REGIONS[language][r["region"]],
                    r["states_with_executive_summary"],
                    r["states_with_needs"],
                    r["needs"],
                    _addressed(r, "needs_addressed"),
                    r["share_of_states"],
                    r["share_of_needs"],
                ]
                for r in doc["by_region"]
            ],
        ),
    ]
    if doc.get("since"):
        s = doc["since"]
        tables.append(
            (
                t["t_since"].format(date=texts.day(s["date"], language)),
                [t["h_new_summaries"], t["h_new_with_needs"], t["h_new_needs"]],
                [[s["new_executive_summaries"], s["new_states_with_needs"], s["new_needs"]]],
            )
        )
    return tables


def needs_csv(doc: dict[str, Any]) -> str:
    """One CSV with a `table` column: summary, chapter, article, general, category, region, since."""
    rows: list[list[Any]] = []
    rows.append(
        [
            "summary",
            "needs_total",
            doc["needs_total"],
            doc["states_with_needs"],
            "",
            doc["states_with_executive_summary"],
            "",
        ]
    )
    for r in doc["by_chapter"]:
        rows.append(["chapter", r["chapter"], r["needs"], r["states"], r["share"], "", ""])
    for r in doc["by_article"]:
        rows.append(["article", r["article"], r["needs"], r["states"], r["share"], "", ""])
    for r in doc["general_needs"]:
        rows.append(["general", r["chapter"], r["needs"], r["states"], r["share"], "", ""])
    for r in doc["by_category"]:
        rows.append(["category", r["category"], r["needs"], r["states"], r["share"], "", ""])
    for r in doc["by_region"]:
        rows.append(
            [
                "region",
                r["region"],
                r["needs"],
                r["states_with_needs"],
                r["share_of_needs"],
                r["states_with_executive_summary"],
                r["share_of_states"],
            ]
        )
    if doc.get("since"):
        s = doc["since"]
        rows.append(
            [
                "since",
                s["date"],
                s["new_needs"],
                s["new_states_with_needs"],
                "",
                s["new_executive_summaries"],
                "",
            ]
        )
    header = ["table", "key", "needs", "states", "share", "states_with_executive_summary", "share_of_states"]
    return write_csv(header, rows, lineterminator="\r\n")


def needs_xlsx(doc: dict[str, Any], language: str = "en") -> bytes:
    summary = [
        ["cycle", doc["cycle"]],
        ["as_of", doc["as_of"]],
        ["states_with_executive_summary", doc["states_with_executive_summary"]],
        ["states_with_needs", doc["states_with_needs"]],
        ["needs_total", doc["needs_total"]],
        *(["counting rule", rule] for rule in doc["counting_rules"]),
    ]
    sheets = [SheetOut("summary", None, summary)]
    for key in ("by_chapter", "by_article", "general_needs", "by_category", "by_region"):
        rows = doc[key]
        header = list(rows[0]) if rows else None
        sheets.append(SheetOut(key, header, [[r[h] for h in header] for r in rows] if header else []))
    return write_xlsx(sheets)


# --- Word -----------------------------------------------------------------------------------------


class _Writer:
    """A report in the UN format (irm.documents.word): numbered headings (I., A., 1.) and paragraphs."""

    def __init__(self, language: str, title: str, *, template: str, on: date | None = None) -> None:
        self.language = language
        with in_language(language):
            body = _("Conference of the States Parties to the United Nations Convention against Corruption")
        self.document = UnDocument(
            language=language,
            title=title,
            masthead=Masthead(distribution=Distribution.GENERAL, date=on or date.today(), body=body),
            template=template,
        )

    @property
    def figure_no(self) -> int:
        return self.document.figure_no

    def heading(self, text: str, level: int) -> None:
        self.document.heading(text, level)

    def para(self, text: str, *, numbered: bool = True) -> None:
        if numbered:
            self.document.numbered(text)
        else:
            self.document.paragraph(text)

    def bullet(self, text: str) -> None:
        self.document.bullet(text)

    def table(self, header: list[str], rows: list[list[Any]], caption: str | None = None) -> None:
        self.document.table(header, rows, caption=caption)

    def figure(self, chart: charts.Chart) -> None:
        """The figure with its caption on one page, then the data it plots."""
        number = zh_number(self.figure_no + 1) if self.language == "zh" else to_roman(self.figure_no + 1)
        self.document.figure(chart.render("png"), chart.caption)
        self.document.caption(T[self.language]["figure_data"].format(n=number))
        self.table(chart.header, chart.rows)

    def save(self) -> bytes:
        return self.document.save()


def _section(n: int) -> str:
    return to_roman(n)


def needs_docx(data: dict[str, Any], language: str = "en", *, generated_on: date | None = None) -> bytes:
    """The needs analysis as a Word document, with the six figures, the tables and the counting rules."""
    language = texts.check_language(language)
    t = T[language]
    main = data["main"]
    cycle = texts.cycle_label(main["cycle"], language)
    w = _Writer(language, t["title"], template="needs_report", on=generated_on)
    w.para(t["subtitle"].format(cycle=cycle, date=texts.day(main["as_of"], language)), numbered=False)
    w.para(t["generated"].format(date=texts.day(generated_on or date.today(), language)), numbered=False)

    others = [
        d
        for c, d in sorted(data["cycles"].items())
        if c != main["cycle"] and d["states_with_executive_summary"]
    ]
    figures = charts.all_figures(data, language)
    by_key = {c.key: c for c in figures}

    w.heading(f"{_section(1)}. {t['s_intro']}", 1)
    other = "".join(
        t["intro_other"].format(
            cycle=texts.cycle_label(d["cycle"], language),
            summaries=texts.number(d["states_with_executive_summary"], language),
        )
        for d in others
    )
    w.para(
        t["intro"].format(
            cycle=cycle,
            date=texts.day(main["as_of"], language),
            summaries=texts.number(main["states_with_executive_summary"], language),
            other=other,
        )
    )

    w.heading(f"{_section(2)}. {t['s_analysis']}", 1)
    letter = iter("ABCDEFGH")
    for d in others:
        w.heading(f"{next(letter)}. {t['s_cycle'].format(cycle=texts.cycle_label(d['cycle'], language))}", 2)
        w.para(
            t["other_cycle"].format(
                date=texts.day(d["as_of"], language),
                summaries=texts.number(d["states_with_executive_summary"], language),
                cycle=texts.cycle_label(d["cycle"], language),
                with_needs=texts.number(d["states_with_needs"], language),
                needs=texts.number(d["needs_total"], language),
                fig=zh_number(w.figure_no + 1) if language == "zh" else _section(w.figure_no + 1),
            )
        )
        for p in overall_paragraphs(d, language)[2:]:
            w.para(p)
    w.figure(by_key["categories_by_cycle"])

    w.heading(f"{next(letter)}. {t['s_cycle'].format(cycle=cycle)}", 2)
    w.heading(f"1. {t['s_overall']}", 3)
    for p in overall_paragraphs(main, language):
        w.para(p)
    w.figure(by_key["chapters_two_dates"])
    for p in region_paragraphs(main, language):
        w.para(p)
    w.figure(by_key["regions"])
    w.heading(f"2. {t['s_categories']}", 3)
    for p in category_paragraphs(main, language):
        w.para(p)
    w.figure(by_key["category_shares"])
    for i, chapter in enumerate(charts.article_chapters(data), start=3):
        w.heading(f"{i}. {t['s_chapter'].format(roman=to_roman(chapter), zh=zh_number(chapter))}", 3)
        for p in chapter_paragraphs(main, chapter, language):
            w.para(p)
        w.figure(by_key[f"articles_{chapter}"])
        for p in group_paragraphs(main, chapter, language):
            w.para(p)
    for p in separate_paragraphs(main, language):
        w.para(p)

    w.heading(f"{_section(3)}. {t['s_tables']}", 1)
    for title, header, rows in needs_tables(main, language):
        w.table(header, rows, caption=title)

    w.heading(f"{_section(4)}. {t['s_note']}", 1)
    for rule in texts.COUNTING_RULES[language]:
        w.bullet(rule)
    return w.save()


# --- thematic report --------------------------------------------------------------------------

TH: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Thematic report on the implementation of chapter {roman} of the Convention",
        "title_region": "Regional supplement: {region} — implementation of chapter {roman} of the Convention",
        "scope": (
            "This report compiles the challenges, recommendations, good practices and technical-assistance "
            "needs recorded in the {summaries} executive summaries of {cycle} completed as at {date}{region}."
        ),
        "scope_region": ", restricted to the {region} (out of {whole} executive summaries in all regions)",
        "s_scope": "Scope and method",
        "s_articles": "Findings by article",
        "s_most": "Articles with the most challenges",
        "s_themes": "Most common challenges",
        "s_practices": "Good practices",
        "s_cross": "Cross-cutting articles 14, 52 and 58",
        "s_compare": "Comparison with all regions",
        "most": "Article {a}: {n} challenges in {states} States.",
        "theme": "Theme {rank} ({n} findings, {states} States; articles {articles}): {label}",
        "practice": "Article {a}: good practices of {n} States ({states}).",
        "cross": (
            "Taken together, articles 14, 52 and 58 gave rise to {challenges} challenges in {states} States, "
            "{recommendations} recommendations, {good_practices} good practices and {needs} technical-assistance "
            "needs (a finding linked to more than one of these articles is counted once)."
        ),
        "compare": (
            "The {region} account for {share} of the challenges under this chapter ({n} of {whole})."
        ),
        "h": [
            "Article",
            "Challenges",
            "States",
            "Recommendations",
            "Good practices",
            "States",
            "Needs",
            "States",
        ],
        "h_compare": [
            "Article",
            "Challenges (region)",
            "States (region)",
            "Share of States (region)",
            "Challenges (all)",
            "States (all)",
            "Share of States (all)",
        ],
        "none": "None recorded.",
    },
    "zh": {
        "title": "关于《公约》第{zh}章实施情况的专题报告",
        "title_region": "区域补编：{region}——《公约》第{zh}章的实施情况",
        "scope": "本报告汇编了截至{date}已完成的{cycle} {summaries} 份执行摘要中记录的挑战、建议、良好做法和技术援助需求{region}。",
        "scope_region": "，仅限于{region}（所有区域共有 {whole} 份执行摘要）",
        "s_scope": "范围和方法",
        "s_articles": "按条款分列的审议结论",
        "s_most": "挑战最多的条款",
        "s_themes": "最常见的挑战",
        "s_practices": "良好做法",
        "s_cross": "跨领域条款：第十四条、第五十二条和第五十八条",
        "s_compare": "与所有区域的比较",
        "most": "第{a_zh}条：{states} 个国家的 {n} 项挑战。",
        "theme": "主题{rank}（{n} 项审议结论，{states} 个国家；条款 {articles}）：{label}",
        "practice": "第{a_zh}条：{n} 个国家的良好做法（{states}）。",
        "cross": (
            "第十四条、第五十二条和第五十八条合计在 {states} 个国家查明了 {challenges} 项挑战，提出了 "
            "{recommendations} 项建议，确定了 {good_practices} 项良好做法和 {needs} 项技术援助需求"
            "（与其中多项条款相关的审议结论只统计一次）。"
        ),
        "compare": "{region}占本章下挑战的 {share}（{whole} 项中的 {n} 项）。",
        "h": ["条款", "挑战", "国家", "建议", "良好做法", "国家", "需求", "国家"],
        "h_compare": [
            "条款",
            "挑战（区域）",
            "国家（区域）",
            "国家占比（区域）",
            "挑战（全部）",
            "国家（全部）",
            "国家占比（全部）",
        ],
        "none": "无记录。",
    },
}


def thematic_docx(doc: dict[str, Any], language: str = "en") -> bytes:
    from irm.analysis.themes import METHOD

    language = texts.check_language(language)
    t = TH[language]
    chapter = doc["chapter"]
    region_name = texts.REGIONS[language][doc["region"]] if doc.get("region") else ""
    title = (t["title_region"] if doc.get("region") else t["title"]).format(
        roman=to_roman(chapter), zh=zh_number(chapter), region=region_name
    )
    w = _Writer(language, title, template="thematic_report")
    w.heading(f"I. {t['s_scope']}", 1)
    region_text = (
        t["scope_region"].format(region=region_name, whole=doc["whole"]["states_with_executive_summary"])
        if doc.get("region")
        else ""
    )
    w.para(
        t["scope"].format(
            summaries=doc["states_with_executive_summary"],
            cycle=texts.cycle_label(doc["cycle"], language),
            date=texts.day(doc["as_of"], language),
            region=region_text,
        )
    )
    w.para(METHOD[language])

    w.heading(f"II. {t['s_articles']}", 1)
    w.table(
        t["h"],
        [
            [
                r["article"],
                r["challenges"],
                r["challenges_states"],
                r["recommendations"],
                r["good_practices"],
                r["good_practices_states"],
                r["needs"],
                r["needs_states"],
            ]
            for r in doc["by_article"]
        ],
    )
    w.heading(f"III. {t['s_most']}", 1)
    for r in doc["most_challenges"] or []:
        w.para(
            t["most"].format(
                a=r["article"], a_zh=zh_number(r["article"]), n=r["challenges"], states=r["states"]
            )
        )
    if not doc["most_challenges"]:
        w.para(t["none"], numbered=False)
    w.heading(f"IV. {t['s_themes']}", 1)
    for theme in doc["themes"]:
        w.para(
            t["theme"].format(
                rank=theme["rank"],
                n=theme["findings"],
                states=theme["states"],
                articles=", ".join(str(a) for a in theme["articles"]) or "—",
                label=theme["label"],
            )
        )
        for example in theme["representative_texts"]:
            w.bullet(f"{example['state']}: {example['text']}")
    if not doc["themes"]:
        w.para(t["none"], numbered=False)
    w.heading(f"V. {t['s_practices']}", 1)
    for gp in doc["good_practices"]:
        w.para(
            t["practice"].format(
                a=gp["article"],
                a_zh=zh_number(gp["article"]),
                n=len(gp["states"]),
                states=", ".join(gp["states"]),
            )
        )
        for example in gp["examples"]:
            w.bullet(f"{example['state']}: {example['text']}")
    if not doc["good_practices"]:
        w.para(t["none"], numbered=False)
    w.heading(f"VI. {t['s_cross']}", 1)
    cc = doc["cross_cutting"]
    w.para(
        t["cross"].format(
            **{k: cc[k] for k in ("challenges", "recommendations", "good_practices", "needs")},
            states=cc["challenges_states"],
        )
    )
    w.table(
        [*t["h"][:3], t["h"][3], t["h"][4], t["h"][6]],
        [
            [
                r["article"],
                r["challenges"],
                r["challenges_states"],
                r["recommendations"],
                r["good_practices"],
                r["needs"],
            ]
            for r in cc["by_article"]
        ],
    )
    if doc.get("comparison"):
        w.heading(f"VII. {t['s_compare']}", 1)
        region_total = doc["totals"]["challenges"]
        whole_total = doc["whole"]["totals"]["challenges"]
        w.para(
            t["compare"].format(
                region=region_name,
                share=texts.percent(selectors.share(region_total, whole_total)),
                n=region_total,
                whole=whole_total,
            )
        )
        w.table(
            t["h_compare"],
            [
                [
                    r["article"],
                    r["region_challenges"],
                    r["region_states"],
                    r["region_share_of_states"],
                    r["whole_challenges"],
                    r["whole_states"],
                    r["whole_share_of_states"],
                ]
                for r in doc["comparison"]
            ],
        )
    return w.save()
