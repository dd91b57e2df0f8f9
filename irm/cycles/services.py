"""Writes to the cycles app: loading the cycles and their technical-assistance taxonomies; the
secretariat's change of a cycle's reminder settings (docs/RULES.md R-T3)."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from irm.convention.models import Article, Chapter
from irm.core.audit import record_event
from irm.core.exceptions import InvalidInput
from irm.core.models import AuditEvent
from irm.cycles.models import Cycle, CycleExtension, TACategory


def _data(filename: str) -> Traversable:
    return resources.files("irm.cycles").joinpath("data", filename)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


#: Bounds of the reminder settings the secretariat may set (days): every 1–90 days, escalated after 1–365.
REMINDER_EVERY_DAYS = (1, 90)
ESCALATE_AFTER_DAYS = (1, 365)
REMINDERS_CHANGED = "cycles.reminder_settings_changed"


def _reminders_set_on_page(number: int) -> bool:
    """The secretariat changed this cycle's reminder settings: its change wins over the data file."""
    cycle = Cycle.objects.filter(number=number).first()
    return cycle is not None and (
        AuditEvent.objects.filter(
            action=REMINDERS_CHANGED, object_type="cycles.cycle", object_id=str(cycle.pk)
        ).exists()
    )


@transaction.atomic
def load_reference_cycles(*, actor: Any = None) -> dict[str, int]:
    """Create or update cycles 1 and 2 and their categories from the shipped files. Idempotent.

    Reminder settings the secretariat changed on its page are kept (`set_reminder_settings`).
    """
    specs = json.loads(_data("cycles.json").read_text(encoding="utf-8"))
    for spec in specs:
        reminders = {
            "reminder_every_days": spec.get("reminder_every_days", 7),
            "escalate_after_days": spec.get("escalate_after_days", 28),
        }
        if _reminders_set_on_page(spec["number"]):
            reminders = {}
        cycle, _created = Cycle.objects.update_or_create(
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
                **reminders,
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


def _days(value: Any, bounds: tuple[int, int], field: str, code: str) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            _("Give a whole number of days from %(low)s to %(high)s.") % {"low": low, "high": high},
            code=code,
            details={"field": field},
        )
    return value


@transaction.atomic
def set_reminder_settings(
    *, actor: Any, cycle: Cycle, reminder_every_days: int, escalate_after_days: int, reason: str = ""
) -> Cycle:
    """Change how often an overdue step is reminded and when it is escalated (R-T3), audited.

    Who may is asked by the caller (`irm.reviews.permissions.can_edit_reminders`: the secretariat;
    cycles sits beside accounts and knows no roles). The change wins over reloads of the data file.
    """
    every = _days(
        reminder_every_days, REMINDER_EVERY_DAYS, "reminder_every_days", "reminder_period_out_of_range"
    )
    escalate = _days(
        escalate_after_days, ESCALATE_AFTER_DAYS, "escalate_after_days", "escalation_delay_out_of_range"
    )
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    before = {
        "reminder_every_days": cycle.reminder_every_days,
        "escalate_after_days": cycle.escalate_after_days,
    }
    cycle.reminder_every_days, cycle.escalate_after_days = every, escalate
    cycle.save(update_fields=["reminder_every_days", "escalate_after_days"])
    record_event(
        actor=actor,
        action="cycles.reminder_settings_changed",
        obj=cycle,
        before=before,
        after={"reminder_every_days": every, "escalate_after_days": escalate},
        reason=reason.strip(),
    )
    return cycle
