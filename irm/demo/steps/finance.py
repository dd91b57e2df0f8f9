"""finance.yaml → irm.finance services: the data set that reproduces the published figures of S000 ¶26
and S004 ¶10, ¶13 (the tests load it too), the reports issued, and the costs of recent country visits."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from irm.cycles.models import Cycle
from irm.demo.loader import Context, DemoDataError, Node, read_data
from irm.finance import services
from irm.finance.models import CYCLE_YEAR_START_MONTH, Activity, FinanceReport, Funding
from irm.finance.services import ContributionRow, ExpenditureRow, RateRow, RequirementRow
from irm.parties.models import State
from irm.reviews.models import Milestone, Stage

#: Expenditure lines of the data set say so in their description (and are found again by it).
TAG = "[S000/S004 data set]"


def split(total: Decimal, weights: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """The total over the activities by their weights, in whole dollars; the last takes the rounding."""
    parts = [(activity, (total * weight).quantize(Decimal(1))) for activity, weight in weights[:-1]]
    parts.append((weights[-1][0], total - sum((p for _, p in parts), Decimal(0))))
    return parts


def _money(node: Node, key: str) -> Decimal:
    value = node[key]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise node.error(key, 'expected an amount (a whole number, or a text such as "0.165000")')
    return Decimal(str(value))


def _rows(data: Node, cycles: dict[int, Cycle]) -> dict[str, list[Any]]:
    weights = [(activity, Decimal(str(w))) for activity, w in data.node("activity_weights").value.items()]
    extrabudgetary = [
        RequirementRow(
            cycles[r.number("cycle")],
            year,
            activity,
            Funding.EXTRABUDGETARY,
            amount,
            r.day("estimated_on"),
            r.text("note"),
        )
        for r in data.rows("requirements")
        for year, total in r["years"].items()
        for activity, amount in split(Decimal(total), weights)
    ]
    regular = [
        RequirementRow(
            cycles[r.number("cycle")],
            year,
            Activity.STAFF_POSTS,
            Funding.REGULAR,
            Decimal(amount),
            r.day("estimated_on"),
            data.text("regular_note"),
        )
        for r in data.rows("regular_requirements")
        for year, amount in r["years"].items()
    ]
    spent = [
        ExpenditureRow(
            r.day("spent_on"),
            cycles[r.number("cycle")],
            r.number("year"),
            activity,
            Funding.EXTRABUDGETARY,
            amount,
            "",
        )
        for r in data.rows("expenditure")
        for activity, amount in split(_money(r, "total"), weights)
    ] + [
        ExpenditureRow(
            r.day("spent_on"),
            cycles[r.number("cycle")],
            r.number("year"),
            Activity.STAFF_POSTS,
            Funding.REGULAR,
            _money(r, "amount"),
            "",
        )
        for r in data.rows("regular_expenditure")
    ]
    return {
        "rates": [
            RateRow(r.text("currency"), r.day("day"), _money(r, "usd"), data.text("rate_source"))
            for r in data.rows("rates")
        ],
        "requirements": extrabudgetary + regular,
        "expenditure": [
            replace(e, description=f"{TAG} {e.funding} {e.activity} {e.spent_on.isoformat()}") for e in spent
        ],
    }


def _contributions(data: Node, cycles: dict[int, Cycle]) -> list[ContributionRow]:
    rows = data.rows("contributions")
    states = {s.iso3: s for s in State.objects.filter(iso3__in=[r.text("donor") for r in rows])}
    made = []
    for row in rows:
        donor = row.text("donor")
        if donor != "organization" and donor not in states:
            raise row.error("donor", f"no State party {donor!r} (or write `organization`)")
        earmark = row.node("earmark") if "earmark" in row else None
        made.append(
            ContributionRow(
                reference=row.text("ref"),
                pledged_on=row.day("pledged"),
                amount=_money(row, "amount"),
                currency=row.text("currency"),
                state=states.get(donor),
                organization=data.text("organization") if donor == "organization" else "",
                kind=row.get("kind", "cash"),
                description=row.get("description", ""),
                paid_on=row.day("paid") if "paid" in row else None,
                earmark_activity=earmark.get("activity", "") if earmark else "",
                earmark_cycle=cycles[earmark.number("cycle")] if earmark and "cycle" in earmark else None,
                spend_by=earmark.day("spend_by") if earmark and "spend_by" in earmark else None,
                earmark_purpose=earmark.get("purpose", "") if earmark else "",
            )
        )
    return made


def load_dataset(data: Node | None = None, *, actor: Any = None, with_reports: bool = True) -> dict[str, int]:
    """The S000/S004 data set through the finance services (the finance tests use it too)."""
    data = data or read_data("finance")
    cycles = {c.number: c for c in Cycle.objects.filter(number__in=[1, 2])}
    if len(cycles) < 2:
        raise DemoDataError("finance.yaml: cycles 1 and 2 are not loaded (run `irm init`)")
    counts = services.record_dataset(
        actor=actor, contributions=_contributions(data, cycles), **_rows(data, cycles)
    )
    counts["reports"] = 0
    if with_reports:
        for row in data.rows("reports"):
            if not FinanceReport.objects.filter(as_of=row.day("as_of")).exists():
                report = services.issue_report(actor=actor, as_of=row.day("as_of"), symbol=row.text("symbol"))
                # The secretariat's notes are published documents (R-FN1): the demo's are published.
                services.publish_report(actor=actor, report=report, on=row.day("as_of"))
                counts["reports"] += 1
    return counts


def _visit_costs(spec: Node) -> int:
    """Costs of the first cycle-2 country visits held after `after`, recorded against their reviews."""
    amounts = {kind: Decimal(str(v)) for kind, v in spec.node("amounts").value.items()}
    held = (
        Milestone.objects.filter(
            review__cycle__number=2, stage=Stage.DIRECT_DIALOGUE_HELD, done_on__gt=spec.day("after")
        )
        .select_related("review__cycle", "review__state", "review__direct_dialogue")
        .order_by("done_on", "review_id")[: spec.number("count")]
    )
    made = 0
    for milestone in held:
        review, spent_on = milestone.review, milestone.done_on
        if spent_on is None:
            continue
        dialogue = getattr(review, "direct_dialogue", None)
        cycle = review.cycle
        year = spent_on.year - cycle.start_year + (1 if spent_on.month >= CYCLE_YEAR_START_MONTH else 0)
        services.record_expenditure(
            actor=None,
            spent_on=spent_on,
            cycle=cycle,
            year=max(year, 1),
            activity=Activity.EXPERT_TRAVEL,
            funding=Funding.EXTRABUDGETARY,
            amount_usd=amounts.get(dialogue.kind if dialogue else "", amounts["on_site"]),
            review=review,
            description=f"Country visit: {review.state.iso3}",
        )
        made += 1
    return made


def load(context: Context, data: Node) -> str:
    counts = load_dataset(data)
    visits = _visit_costs(data.node("visit_costs"))
    return (
        f"{counts['contributions']} contributions, {counts['requirements']} estimates, "
        f"{counts['expenditure']} expenditure lines, {counts['reports']} reports, {visits} country visits' costs"
    )
