"""Writes to the cycles app: loading the cycles and their technical-assistance taxonomies."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from django.db import transaction

from irm.convention.models import Article, Chapter
from irm.cycles.models import Cycle, CycleExtension, TACategory


def _data(filename: str) -> Traversable:
    return resources.files("irm.cycles").joinpath("data", filename)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def load_reference_cycles(*, actor: Any = None) -> dict[str, int]:
    """Create or update cycles 1 and 2 and their categories from the shipped files. Idempotent."""
    specs = json.loads(_data("cycles.json").read_text(encoding="utf-8"))
    for spec in specs:
        cycle, _ = Cycle.objects.update_or_create(
            number=spec["number"],
            defaults={
                "name_en": spec["name_en"],
                "name_zh": spec["name_zh"],
                "start_year": spec["start_year"],
                "years": spec["years"],
                "year_shares": spec["year_shares"],
                "late_joiners_year": spec["late_joiners_year"],
                "deadline": date.fromisoformat(spec["deadline"]),
                "completion_threshold": Decimal(spec["completion_threshold"]),
                "max_reviews_per_reviewer": spec["max_reviews_per_reviewer"],
                "max_redraws": spec["max_redraws"],
                "max_reviews_per_year": spec.get("max_reviews_per_year"),
                "late_joiners_after": _day(spec.get("late_joiners_after")),
                "joiners_complete_after": _day(spec.get("joiners_complete_after")),
                "joiners_complete_within_years": spec.get("joiners_complete_within_years"),
                "late_joiners_source": spec.get("late_joiners_source", ""),
                "source": spec["source"],
                "reio_under_review": spec.get("reio_under_review", False),
                "reio_eligible_as_reviewer": spec.get("reio_eligible_as_reviewer", False),
                "reio_source": spec.get("reio_source", ""),
                "reminder_every_days": spec.get("reminder_every_days", 7),
                "escalate_after_days": spec.get("escalate_after_days", 28),
                "reminders_source": spec.get("reminders_source", ""),
            },
        )
        cycle.chapters.set(Chapter.objects.filter(number__in=spec["chapters"]))
        numbers = [n for first, last in spec["articles"] for n in range(first, last + 1)]
        cycle.articles.set(Article.objects.filter(number__in=numbers))
        for extension in spec["extensions"]:
            CycleExtension.objects.update_or_create(
                cycle=cycle,
                until=date.fromisoformat(extension["until"]),
                defaults={"decision": extension["decision"], "status": extension["status"]},
            )
    cycles = {c.number: c for c in Cycle.objects.all()}
    with _data("ta_categories.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for order, row in enumerate(rows):
        TACategory.objects.update_or_create(
            cycle=cycles[int(row["cycle"])],
            code=row["code"],
            defaults={"order": order, "name_en": row["name_en"], "name_zh": row["name_zh"]},
        )
    return {"cycles": len(specs), "categories": len(rows)}
