"""The reference questions of cycles 1 and 2 (data/cycle*.json), created or updated."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.db import transaction

from irm.checklists.models import (
    Question,
)
from irm.convention.models import Article
from irm.core.audit import record_event
from irm.core.i18n import SUFFIXES
from irm.cycles.models import Cycle

# --- reference data -------------------------------------------------------------------------------


def _question_values(row: dict[str, Any], articles: dict[int, int]) -> dict[str, Any]:
    """A question's fields from its row of data/cycle*.json."""
    return {
        "article_id": articles[row["article"]],
        "order": row["order"],
        "paragraph": row.get("paragraph", ""),
        "kind": row["kind"],
        "text_en": row["text_en"],
        "guidance_en": row.get("guidance_en", ""),
        **{f"text_{s}": row.get(f"text_{s}", "") for s in SUFFIXES if s != "en"},
        **{f"guidance_{s}": row.get(f"guidance_{s}", "") for s in SUFFIXES if s != "en"},
        "choices": row.get("choices", []),
        "condition": row.get("condition", {}),
        "carry_from": row.get("carry_from", []),
        "required": bool(row.get("required", False)),
        "min_length": row.get("min_length"),
        "max_length": row.get("max_length"),
    }


@transaction.atomic
def load_reference_checklists(*, actor: Any = None) -> dict[str, int]:
    """Create or update the questions of cycles 1 and 2 from data/cycle*.json. Idempotent."""
    articles = {a.number: a.pk for a in Article.objects.all()}
    counts = {"questions": 0, "created": 0}
    existing = {(q.cycle_id, q.code): q for q in Question.objects.filter(cycle__number__in=(1, 2))}
    new: list[Question] = []
    changed: list[Question] = []
    fields: list[str] = []
    for number in (1, 2):
        spec = json.loads(
            resources.files("irm.checklists")
            .joinpath("data", f"cycle{number}.json")
            .read_text(encoding="utf-8")
        )
        cycle = Cycle.objects.filter(number=spec["cycle"]).first()
        if cycle is None:
            continue
        for row in spec["questions"]:
            values = _question_values(row, articles)
            fields = list(values)
            question = existing.get((cycle.pk, row["code"]))
            if question is None:
                new.append(Question(cycle=cycle, code=row["code"], **values))
            elif any(getattr(question, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(question, key, value)
                changed.append(question)
            counts["questions"] += 1
    # In one go (about 650 questions): one statement each was half of loading the reference data.
    Question.objects.bulk_create(new, batch_size=500)
    Question.objects.bulk_update(changed, fields, batch_size=500)
    counts["created"] = len(new)
    if counts["created"]:
        record_event(
            actor=actor,
            action="checklists.reference_loaded",
            object_type="checklists.question",
            after=counts,
        )
    return counts
