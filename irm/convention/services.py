"""Writes to the convention app: loading chapters and articles."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

from django.db import transaction

from irm.convention.models import Article, Chapter


def _rows(filename: str) -> list[dict[str, str]]:
    with resources.files("irm.convention").joinpath("data", filename).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_convention(*, actor: Any = None) -> dict[str, int]:
    """Create or update the chapters and articles from the shipped CSV files. Idempotent."""
    chapters = {}
    for row in _rows("chapters.csv"):
        chapter, _ = Chapter.objects.update_or_create(
            number=int(row["chapter"]),
            defaults={"roman": row["roman"], "title_en": row["title_en"], "title_zh": row["title_zh"]},
        )
        chapters[chapter.number] = chapter
    count = 0
    for number, row in enumerate(_rows("articles.csv"), start=2):
        chapter_no = int(row["chapter"])
        if chapter_no not in chapters:
            raise ValueError(f"articles.csv row {number}: unknown chapter {chapter_no}")
        Article.objects.update_or_create(
            number=int(row["article"]),
            defaults={
                "chapter": chapters[chapter_no],
                "title_en": row["title_en"],
                "title_zh": row["title_zh"],
                "title_zh_verified": row["title_zh_status"] != "recalled_unverified",
            },
        )
        count += 1
    return {"chapters": len(chapters), "articles": count}
