"""R-A1: the needs analysis as the secretariat's note S003 (CAC/COSP/2023/10) writes it.

The data set below is built to match the per-article figures the note publishes in its text on
cycle 2 (¶17–46; figures V and VI are images in the seed, so their bars are the text's numbers).
The analysis must give back exactly those figures, and the note's groups of articles. Where the
note contradicts itself, the test states the difference instead of hiding it.
"""

from __future__ import annotations

from datetime import date

import pytest

from irm.analysis import charts, groups
from irm.analysis.selectors import NeedsFilter, ta_needs
from irm.analysis.tests.conftest import make_finding, make_review
from irm.parties.models import State

AS_OF = date(2023, 9, 15)

#: article → (needs, States) as the note publishes them, and where.
PUBLISHED_ARTICLES = {
    5: (55, 23, "¶17, ¶19"),
    6: (41, 31, "¶17, ¶20"),
    7: (38, 23, "¶17"),
    11: (23, 11, "¶25"),
    9: (35, 18, "¶26"),
    10: (25, 14, "¶29"),
    13: (31, 15, "¶30"),
    12: (16, 10, "¶31"),
    51: (48, 28, "¶35, ¶36 (including the general needs of chapter V)"),
    54: (36, 23, "¶35"),
    52: (24, 16, "¶35"),
    56: (12, 9, "¶37"),
    59: (6, 4, "¶38"),
    53: (15, 13, "¶43"),
}
#: the note's totals over several articles (a need linked to two of them counts once).
PUBLISHED_TOGETHER = {
    (5, 6): (90, 30, "¶18"),
    (10, 13): (56, 22, "¶28"),
    (14, 52, 58): (63, 24, "¶39"),
}

# (articles, or a chapter number for a general need; needs; first and last State index)
DESIGN: list[tuple[tuple[int, ...] | int | None, int, int, int]] = [
    ((5, 6), 6, 0, 5),  # six needs under both articles: 55 + 41 - 6 = 90 (¶18)
    ((6,), 35, 6, 30),
    ((5,), 49, 6, 22),
    ((7,), 38, 0, 22),
    ((8,), 36, 6, 28),  # articles 7 and 8: 74 needs from 29 States (¶21)
    ((11,), 23, 0, 10),
    ((9,), 35, 0, 17),
    ((10,), 25, 0, 13),
    ((13,), 31, 7, 21),
    ((12,), 16, 0, 9),
    ((51,), 40, 0, 24),
    (5, 8, 20, 27),  # general needs of chapter V
    ((56,), 12, 0, 8),
    ((59,), 6, 0, 3),
    ((52,), 24, 0, 15),
    ((14,), 20, 16, 23),
    ((58,), 19, 0, 9),
    ((53,), 15, 0, 12),
    ((54,), 36, 0, 22),
    ((55,), 17, 10, 23),  # articles 54 and 55: 53 needs from 24 States (¶44)
    ((57,), 19, 0, 14),
    (2, 3, 0, 2),  # general needs of chapter II: no rule in the note
    (None, 2, 0, 1),  # needs tied to no chapter or article
]


@pytest.fixture
def note_doc(db):
    codes = list(State.objects.exclude(iso3="").order_by("iso3").values_list("iso3", flat=True)[:31])
    reviews = [make_review(2, iso3, date(2023, 1, 1)) for iso3 in codes]
    for what, n, first, last in DESIGN:
        span = range(first, last + 1)
        assert n >= len(span)
        for k in range(n):
            review = reviews[span[k % len(span)]]
            if isinstance(what, tuple):
                make_finding(review, articles=what, categories=("capacity_building",))
            else:
                make_finding(review, chapter=what, categories=("capacity_building",))
    return ta_needs(NeedsFilter(cycle=2, as_of=AS_OF))


def _group(doc, articles):
    return next(g for g in doc["groups"] if tuple(g["articles"]) == articles)


def test_the_articles_come_out_as_the_note_publishes_them(note_doc):
    by_article = {r["article"]: (r["needs"], r["states"]) for r in note_doc["by_article"]}
    for article, (needs, states, where) in PUBLISHED_ARTICLES.items():
        assert by_article[article] == (needs, states), f"article {article}, S003 {where}"
    row51 = next(r for r in note_doc["by_article"] if r["article"] == 51)
    assert row51["includes_general_needs"] == 8
    # Figure VI (chapter V) plots article 51 with the general needs, as note a to the figure says.
    figure6 = charts.figure_articles({"main": note_doc}, "en", 5)
    assert any(row[0] in (51, "51", "Art. 51") and 48 in row for row in figure6.rows)


def test_the_groups_are_the_notes_in_its_order(note_doc):
    assert [tuple(g["articles"]) for g in note_doc["groups"]] == [g.articles for g in groups.NOTE_GROUPS]
    assert [g["chapter"] for g in note_doc["groups"]] == [2, 2, 2, 2, 2, 5, 5, 5, 5]
    assert note_doc["groups_source"].startswith("S003")
    for articles in ((10, 13), (14, 52, 58)):
        needs, states, where = PUBLISHED_TOGETHER[articles]
        assert (_group(note_doc, articles)["needs"], _group(note_doc, articles)["states"]) == (
            needs,
            states,
        ), where
    # 51 + 56 + 59: 40 + 12 + 6 needs linked to the articles and the 8 general needs of chapter V.
    assert _group(note_doc, (51, 56, 59)) | {} == {
        "chapter": 5,
        "articles": [51, 56, 59],
        "paragraphs": "¶36–38",
        "needs": 66,
        "states": 28,
        "includes_general_needs": 8,
    }
    # The note's text on 7 + 8 (¶21: 74 needs, 29 States) and article 11 (¶25: 23 needs) under one heading.
    assert (_group(note_doc, (7, 8, 11))["needs"], _group(note_doc, (7, 8, 11))["states"]) == (74 + 23, 29)


def test_the_note_is_not_consistent_on_articles_5_and_6_and_the_difference_is_recorded(note_doc):
    """S003 ¶18: 90 needs from 30 States under articles 5 and 6 together; ¶20: 31 States under article 6
    alone. No data can give both: the States of a group are at least those of any of its articles. The
    analysis counts what the data says (31); the published 30 is reproduced here, not in the counts."""
    published_needs, published_states, _ = PUBLISHED_TOGETHER[(5, 6)]
    article6_states = PUBLISHED_ARTICLES[6][1]
    assert published_states < article6_states  # the note's own difference: 30 against 31
    group = _group(note_doc, (5, 6))
    assert group["needs"] == published_needs == 90  # 55 + 41 minus the 6 needs under both
    assert group["states"] == article6_states == published_states + 1


def test_needs_the_note_has_no_rule_for_are_shown_separately(note_doc):
    separate = note_doc["separate"]
    assert [(r["chapter"], r["needs"], r["states"]) for r in separate["general_needs"]] == [(2, 3, 3)]
    assert separate["needs_without_chapter_or_article"] == {"needs": 2, "states": 2}
    assert separate["general_needs_counted_under"] == {"5": 51}
    assert "states no rule" in separate["note"]
    # Chapter II's general needs count under no article; the existing keys are unchanged.
    assert 2 in {r["chapter"] for r in note_doc["general_needs"]}
    assert note_doc["needs_without_chapter_or_article"] == 2


def test_the_report_text_and_the_page_group_articles_as_the_note_does(note_doc, client):
    from irm.analysis import reports

    text = reports.group_paragraphs(note_doc, 2, "en")
    assert text[0] == "Article 5 and article 6: 90 needs identified by 31 States."
    assert "3 needs from 3 States concern chapter II in general" in text[-1]
    chapter5 = reports.group_paragraphs(note_doc, 5, "en")
    assert chapter5[0] == (
        "Article 51, article 56 and article 59: 66 needs identified by 28 States, including the 8 general "
        "needs of chapter V."
    )
    assert reports.group_paragraphs(note_doc, 5, "zh")[0].startswith(
        "第五十一条、第五十六条和第五十九条：28 个国家"
    )
    unlinked = reports.separate_paragraphs(note_doc, "en")[0]
    assert unlinked.startswith("2 needs from 2 States are tied to no chapter or article")
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="secretariat"))
    page = client.get("/analysis/", {"cycle": 2, "as_of": "2023-09-15"}).content.decode()
    assert "Article 51, article 56 and article 59: 66 needs" in page
    assert "states no rule for them" in page
