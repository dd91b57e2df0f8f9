"""assistance.yaml → irm.assistance services: activities that answer the needs found in the reviews,
recorded by the donor, a focal point or the secretariat, most validated by the secretariat."""

from __future__ import annotations

from decimal import Decimal

from irm.assistance import services
from irm.assistance.models import ProviderKind
from irm.assistance.services import ActivityInput
from irm.demo.loader import Context, Node
from irm.findings.models import Finding, FindingType
from irm.parties.models import State


def _needs(context: Context, row: Node, beneficiary: State) -> list[tuple[int, str]]:
    spec = row.node("needs")
    ids = list(
        Finding.objects.filter(
            review__state=beneficiary,
            review__cycle=context.cycle(spec.number("cycle")),
            type=FindingType.TA_NEED,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    skip, count = spec.number("skip"), spec.number("count")
    if skip + count > len(ids):
        raise spec.error("count", f"the review has {len(ids)} needs")
    return [(pk, spec.text("coverage")) for pk in ids[skip : skip + count]]


def _input(context: Context, row: Node) -> ActivityInput:
    beneficiary = context.state(row.text("beneficiary"))
    kind = row.get("provider_kind", ProviderKind.STATE)
    amount = row.get("amount")
    return ActivityInput(
        title=row.text("title"),
        provider_kind=kind,
        beneficiary=beneficiary,
        provider_state=context.state(row.text("provider")) if kind == ProviderKind.STATE else None,
        provider_name="" if kind == ProviderKind.STATE else row.text("provider"),
        status=row.text("status"),
        starts_on=row.day("starts_on") if "starts_on" in row else None,
        ends_on=row.day("ends_on") if "ends_on" in row else None,
        amount=Decimal(amount) if amount else None,
        currency=row.get("currency", ""),
        funding_source=row.get("funding_source", ""),
        source="Demo data",
        reference=row.text("reference", blank=True),
        needs=_needs(context, row, beneficiary),
    )


def load(context: Context, data: Node) -> str:
    validator = context.user(data.text("validator"))
    made = validated = 0
    for row in data.rows("activities"):
        activity = services.record_activity(actor=context.user(row.text("by")), data=_input(context, row))
        made += 1
        if row.get("validated"):
            services.validate_activity(actor=validator, activity=activity)
            validated += 1
    return f"{made} technical-assistance activities ({validated} validated, {made - validated} awaiting validation)"
