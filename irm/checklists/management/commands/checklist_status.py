"""`irm checklist_status`: progress of checklist answers (all, or one State's), as text or JSON.

JSON: [{"id", "cycle", "iso3", "status", "versions", "progress": {"articles", "answered", "accepted",
"needs_attention", "per_article": [{"article", "state", "answered", "questions", "carried_over"}]}}]
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from irm.checklists import selectors
from irm.checklists.models import Checklist


class Command(BaseCommand):
    help = "Show the progress of checklist answers (answered / accepted / needs attention)."

    def add_arguments(self, parser):
        parser.add_argument("--state", help="ISO3 of the State under review")
        parser.add_argument("--cycle", type=int)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, state=None, cycle=None, format="text", **options):
        checklists = Checklist.objects.select_related("review__state", "review__cycle").order_by(
            "review__cycle__number", "review__state__iso3"
        )
        if state:
            checklists = checklists.filter(review__state__iso3=state.upper())
        if cycle:
            checklists = checklists.filter(review__cycle__number=cycle)
        rows: list[dict[str, Any]] = []
        for checklist in checklists:
            rows.append(
                {
                    "id": checklist.pk,
                    "cycle": checklist.review.cycle.number,
                    "iso3": checklist.review.state.iso3,
                    "status": checklist.status,
                    "versions": checklist.submissions.count(),
                    "progress": selectors.progress(checklist).as_dict(),
                }
            )
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            p = row["progress"]
            self.stdout.write(
                f"#{row['id']} cycle {row['cycle']} {row['iso3']} {row['status']} v{row['versions']}: "
                f"{p['answered']}/{p['articles']} answered, {p['accepted']} accepted, "
                f"{p['needs_attention']} need attention"
            )
