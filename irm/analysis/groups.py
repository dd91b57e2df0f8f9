"""How the secretariat's note groups articles and general needs (rule R-A1, docs/RULES.md).

The note on technical-assistance needs (seed S003, CAC/COSP/2023/10) writes its text on cycle 2 by
groups of closely related articles, following the executive summaries (S003 footnote 10), while its
figures V and VI stay per article. It counts the general needs of chapter V under article 51 (S003
¶35, ¶36 and note a to figure VI). It states no such rule for the general needs of chapter II nor for
needs tied to no article: those are shown separately, and the analysis says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SOURCE = "S003 (CAC/COSP/2023/10), section II.B.3–4: the headings before ¶18, ¶21, ¶26, ¶28, ¶31, ¶36, ¶39, ¶43, ¶46"

#: chapter → the article its general needs are counted under (S003 ¶35, ¶36, note a to figure VI).
GENERAL_NEEDS_UNDER = {5: 51}
GENERAL_NEEDS_SOURCE = "S003 ¶35, ¶36 and note a to figure VI"

#: What the analysis says about the needs the note has no rule for.
SEPARATE_NOTE = (
    "The secretariat's note (S003) counts the general needs of chapter V under article 51 and states no "
    "rule for the general needs of other chapters nor for needs tied to no article: they are shown "
    "separately here and counted under no article."
)


@dataclass(frozen=True)
class NoteGroup:
    """Articles the note treats together under one heading, in the chapter whose section holds them."""

    chapter: int
    articles: tuple[int, ...]
    paragraphs: str


#: The groups in the note's order. Article 14 (chapter II) is treated with articles 52 and 58 under
#: chapter V (heading before ¶39; footnote 10 of the Chinese text names article 15 there — a slip the
#: heading and ¶39 correct).
NOTE_GROUPS: tuple[NoteGroup, ...] = (
    NoteGroup(2, (5, 6), "¶18–20"),
    NoteGroup(2, (7, 8, 11), "¶21–25"),
    NoteGroup(2, (9,), "¶26–27"),
    NoteGroup(2, (10, 13), "¶28–30"),
    NoteGroup(2, (12,), "¶31–32"),
    NoteGroup(5, (51, 56, 59), "¶36–38"),
    NoteGroup(5, (14, 52, 58), "¶39–42"),
    NoteGroup(5, (53, 54, 55), "¶43–45"),
    NoteGroup(5, (57,), "¶46–47"),
)


def groups_document(
    rows: list[tuple[int, int, int]],
    state_of: dict[int, int],
    general: dict[int, tuple[int, set[int]]],
    chapter: int | None,
) -> list[dict[str, Any]]:
    """The JSON rows of the groups: `general` maps a chapter number to (needs, States) of its general needs,
    added to the group of the article they are counted under."""
    needs = [0] * len(NOTE_GROUPS)
    states: list[set[int]] = [set() for _ in NOTE_GROUPS]
    for review_id, index, n in rows:
        needs[index] += n
        states[index].add(state_of[review_id])
    out = []
    for i, g in enumerate(NOTE_GROUPS):
        if chapter is not None and g.chapter != chapter:
            continue
        included = 0
        for ch, article in GENERAL_NEEDS_UNDER.items():
            if article in g.articles and ch in general:
                included, general_states = general[ch]
                states[i] |= general_states
        out.append(
            {
                "chapter": g.chapter,
                "articles": list(g.articles),
                "paragraphs": g.paragraphs,
                "needs": needs[i] + included,
                "states": len(states[i]),
                "includes_general_needs": included,
            }
        )
    return out
