"""followup.yaml → irm.findings services: a State's focal point reports, in its cycle-2 checklist, what it
did with the recommendations of its cycle-1 review, and publishes that follow-up."""

from __future__ import annotations

from datetime import timedelta

from irm.demo.loader import Context, DemoDataError, Node
from irm.findings import services
from irm.findings.models import Finding, FindingType
from irm.reviews.models import Review


def load(context: Context, data: Node) -> str:
    state = context.state(data.text("state"))
    earlier = Review.objects.filter(state=state, cycle=context.cycle(data.number("earlier_cycle"))).first()
    later = Review.objects.filter(state=state, cycle=context.cycle(data.number("in_cycle"))).first()
    if earlier is None or later is None:
        raise DemoDataError(f"followup.yaml: {state.iso3} has no review of each cycle named")
    focal_point = context.user(data.text("focal_point"))
    recommendations = list(
        Finding.objects.filter(review=earlier, type=FindingType.RECOMMENDATION).order_by("pk")
    )
    rows = data.rows("reports")
    if len(rows) > len(recommendations):
        raise data.error("reports", f"{len(rows)} reports for {len(recommendations)} recommendations")
    for recommendation, row in zip(recommendations, rows, strict=False):
        planned = row.get("planned_in_days")
        services.submit_follow_up(
            actor=focal_point,
            recommendation=recommendation,
            measures=row.text("measures"),
            status=row.text("status"),
            evidence=row.text("evidence") if "evidence" in row else "",
            links=list(row.get("links") or []),
            responsible_agency=row.text("agency"),
            planned_date=context.today + timedelta(days=planned) if planned else None,
            reported_on=context.today - timedelta(days=row.number("days_ago")),
            reported_in=later,
        )
    published = bool(data.get("publish"))
    if published:
        services.publish_follow_up(actor=focal_point, review=earlier)
    return (
        f"{len(rows)} follow-up reports of {state.name_en} on its cycle-{earlier.cycle.number} "
        f"recommendations{', published' if published else ''}"
    )
