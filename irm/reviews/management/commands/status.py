from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from irm.cycles.models import Cycle
from irm.reviews.selectors import status


class Command(BaseCommand):
    help = (
        "The mechanism's status for a cycle at a date (S000 ¶14): checklist answers, direct dialogues, "
        "executive summaries, country reports, completion and its projection."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, required=True, help="cycle number (1, 2, …)")
        parser.add_argument("--as-of", dest="as_of", default="", help="date, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, cycle: int, as_of: str, format: str, **options):
        found = Cycle.objects.filter(number=cycle).first()
        if found is None:
            raise CommandError(f"There is no cycle {cycle}.")
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}") from None
        data = status(found, as_of=day).data
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(render_text(data))


def render_text(d: dict) -> str:
    dd = d["direct_dialogues"]
    r = d["reviews"]
    lines = [
        f"Cycle {d['cycle']} — status as of {d['as_of']}",
        f"  reviews: {r['total']} ({r['not_started']} not started, {r['in_progress']} in progress, "
        f"{r['completed']} completed)",
        f"  checklist answers received: {d['checklist_answers']}",
        f"  direct dialogues held: {dd['total']} ({dd['country_visits']} country visits: "
        f"{dd['by_kind']['on_site']} on site, {dd['by_kind']['online']} online, {dd['by_kind']['hybrid']} hybrid; "
        f"{dd['joint_meetings']} joint meetings)",
        f"  with other stakeholders: {dd['with_other_stakeholders']} ({dd['share_with_other_stakeholders']:.0%})",
        f"  executive summaries completed: {d['executive_summaries']} "
        f"(+{d['executive_summaries_in_final_stage']} in final stage)",
        f"  country reports completed: {d['country_reports']}",
        f"  published: {d['summaries_published']} summaries, {d['reports_published']} full reports",
        f"  completion: {d['completion_rate']:.1%} (proposed threshold {d['threshold']:.0%}, not adopted: S000 ¶18); "
        f"{d['pace_last_12_months']} completed in the last 12 months",
        f"  projected: threshold {d['projected_threshold_date'] or 'not at the current pace'}, "
        f"100% {d['projected_completion_date'] or 'not at the current pace'}",
        f"  deadline: {d['current_deadline'] or '—'}"
        + (f" (proposed extension to {d['proposed_deadline']})" if d["proposed_deadline"] else ""),
        "  by region:",
    ]
    for region, b in d["by_region"].items():
        if b["reviews"]:
            lines.append(
                f"    {region:<13} {b['reviews']:>4} reviews, {b['checklist_answers']:>4} answers, "
                f"{b['direct_dialogues']:>4} dialogues, {b['executive_summaries']:>4} summaries, "
                f"{b['country_reports']:>4} reports, {b['completion_rate']:.0%} complete"
            )
    return "\n".join(lines) + "\n"
