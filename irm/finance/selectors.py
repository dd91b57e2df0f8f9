"""Reads of the finance app: the position as at a date, the funding gap, earmarks, reports.

How the gap is computed (documented in docs/apps/finance.md):

1. **Requirements** as at D: for each line (cycle, year, activity, funding, region, country) the
   latest estimate made on or before D. Only extrabudgetary lines are to be funded by voluntary
   contributions; the regular budget is reported beside them.
2. **Contributions** as at D, cash only: what was received by D (at the rate of each payment) plus
   what is still outstanding of pledges made by D (at the pledge's rate). In-kind contributions are
   reported at their stated value but do not close the cash gap.
3. **Funding gap** (S000 ¶26) = extrabudgetary requirements − contributions received and pledged.
4. **Allocation**, to say which needs are still unfunded and what earmarking leaves unusable:
   earmarked contributions (most conditions first, then earliest spend-by date) go to the earliest
   matching lines; unearmarked contributions then fill the remaining lines in order of time (cycle,
   year, activity). Earmarked money left over is *unusable for the remaining needs*: "expired" if
   its spend-by date has passed by D, otherwise "conditions not matching". The gap per cycle and
   per year is what remains unfunded of each line after this allocation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from irm.cycles.models import Cycle
from irm.finance.models import (
    CENT,
    ZERO,
    Activity,
    Contribution,
    Donor,
    Expenditure,
    FinanceReport,
    Funding,
    Payment,
    Requirement,
    cycle_year_period,
)
from irm.reviews.models import Milestone, Stage

CURRENCY = "USD"
SHARE_PLACES = Decimal("0.0001")


def money(value: Decimal | None) -> str:
    """Amounts in files and the API: a decimal string with two places."""
    return str((value or ZERO).quantize(CENT))


def share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(SHARE_PLACES) if whole else ZERO


# --------------------------------------------------------------------------- requirements


@dataclass
class Line:
    """One requirement line as at a date, and how much of it the allocation funded."""

    cycle_id: int
    cycle_number: int
    year: int
    activity: str
    funding: str
    region: str
    state_id: int | None
    state_region: str
    amount: Decimal
    starts_on: date
    ends_on: date
    funded: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return max(self.amount - self.funded, ZERO)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.cycle_number, self.year, Activity.order(self.activity), self.region, self.state_id or 0)


def requirement_lines(as_of: date, *, funding: str | None = Funding.EXTRABUDGETARY) -> list[Line]:
    """Requirement lines as at a date: the latest estimate of each line made on or before it."""
    rows = Requirement.objects.filter(estimated_on__lte=as_of).select_related("cycle", "state")
    if funding:
        rows = rows.filter(funding=funding)
    latest: dict[tuple[Any, ...], Requirement] = {}
    for row in rows.order_by("estimated_on", "id"):
        latest[row.key] = row
    lines = []
    for row in latest.values():
        if row.amount_usd <= ZERO:
            continue
        starts_on, ends_on = cycle_year_period(row.cycle, row.year)
        lines.append(
            Line(
                cycle_id=row.cycle_id,
                cycle_number=row.cycle.number,
                year=row.year,
                activity=row.activity,
                funding=row.funding,
                region=row.region,
                state_id=row.state_id,
                state_region=row.state.regional_group if row.state else "",
                amount=row.amount_usd,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    return sorted(lines, key=lambda line: line.sort_key)


# --------------------------------------------------------------------------- contributions


@dataclass
class Money:
    """A contribution valued as at a date, and where the allocation put it."""

    contribution: Contribution
    received: Decimal
    outstanding: Decimal
    left: Decimal = ZERO
    allocations: list[tuple[Line, Decimal]] = field(default_factory=list)

    @property
    def value(self) -> Decimal:
        return self.received + self.outstanding

    @property
    def earmarked(self) -> bool:
        return self.contribution.is_earmarked

    @property
    def conditions(self) -> int:
        c = self.contribution
        return sum(
            bool(x)
            for x in (
                c.earmark_activity,
                c.earmark_cycle_id,
                c.earmark_region,
                c.earmark_state_id,
                c.spend_by,
            )
        )

    def matches(self, line: Line) -> bool:
        c = self.contribution
        if c.earmark_activity and line.activity != c.earmark_activity:
            return False
        if c.earmark_cycle_id and line.cycle_id != c.earmark_cycle_id:
            return False
        if c.earmark_state_id and line.state_id != c.earmark_state_id:
            return False
        if c.earmark_region and c.earmark_region not in (line.region, line.state_region):
            return False
        return not (c.spend_by and line.starts_on > c.spend_by)


def contributions_as_of(
    as_of: date, *, donors: Any = None, kind: str | None = Contribution.Kind.CASH
) -> list[Money]:
    """Contributions pledged or paid by a date, each valued as at that date (see module doc)."""
    qs = (
        Contribution.objects.filter(Q(pledged_on__lte=as_of) | Q(payments__received_on__lte=as_of))
        .distinct()
        .select_related("donor__state", "earmark_cycle", "earmark_state")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("received_on", "id")))
        .order_by("pledged_on", "reference")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if donors is not None:
        qs = qs.filter(donor__in=donors)
    result = []
    for c in qs:
        paid = [p for p in c.payments.all() if p.received_on <= as_of]
        received = sum((p.amount_usd for p in paid), ZERO)
        if c.kind == Contribution.Kind.IN_KIND:
            received = c.amount_usd if c.pledged_on <= as_of else ZERO
            result.append(Money(c, received, ZERO))
            continue
        paid_amount = sum((p.amount for p in paid), ZERO)
        outstanding_amount = max(c.amount - paid_amount, ZERO) if c.pledged_on <= as_of else ZERO
        outstanding = (outstanding_amount * c.usd_per_unit).quantize(CENT)
        result.append(Money(c, received, outstanding))
    return result


# --------------------------------------------------------------------------- allocation


@dataclass
class Position:
    """Everything the reports say about the money as at a date."""

    as_of: date
    lines: list[Line]
    monies: list[Money]

    @property
    def requirements_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def received_total(self) -> Decimal:
        return sum((m.received for m in self.monies), ZERO)

    @property
    def outstanding_total(self) -> Decimal:
        return sum((m.outstanding for m in self.monies), ZERO)

    @property
    def contributions_total(self) -> Decimal:
        """Received and still pledged."""
        return self.received_total + self.outstanding_total

    @property
    def funding_gap(self) -> Decimal:
        return self.requirements_total - self.contributions_total

    @property
    def unfunded_total(self) -> Decimal:
        return sum((line.remaining for line in self.lines), ZERO)

    @property
    def earmarked_total(self) -> Decimal:
        return sum((m.value for m in self.monies if m.earmarked), ZERO)

    @property
    def unearmarked_total(self) -> Decimal:
        return sum((m.value for m in self.monies if not m.earmarked), ZERO)

    @property
    def earmarked_share(self) -> Decimal:
        return share(self.earmarked_total, self.contributions_total)

    def unusable(self) -> list[dict[str, Any]]:
        """Earmarked money that the allocation could not put on any remaining need, and why."""
        items = []
        for m in self.monies:
            if m.earmarked and m.left > ZERO:
                expired = bool(m.contribution.spend_by and m.contribution.spend_by < self.as_of)
                items.append(
                    {
                        "reference": m.contribution.reference,
                        "donor": m.contribution.donor.code,
                        "amount": m.left,
                        "reason": "expired" if expired else "conditions_not_matching",
                        "spend_by": m.contribution.spend_by,
                    }
                )
        return items

    def unfunded_by(self, *keys: str) -> dict[tuple[Any, ...], Decimal]:
        out: dict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            out[tuple(getattr(line, k) for k in keys)] += line.remaining
        return dict(out)

    def requirements_by(self, *keys: str) -> dict[tuple[Any, ...], Decimal]:
        out: dict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            out[tuple(getattr(line, k) for k in keys)] += line.amount
        return dict(out)

    def surplus(self) -> Decimal:
        """Unearmarked money left after every need was funded."""
        return sum((m.left for m in self.monies if not m.earmarked), ZERO)


def allocate(lines: list[Line], monies: list[Money], as_of: date) -> Position:
    """Put contributions on requirement lines (module doc, step 4). Pure: works on copies."""
    lines = sorted((replace(line, funded=ZERO) for line in lines), key=lambda line: line.sort_key)
    monies = [replace(m, left=m.value, allocations=[]) for m in monies if m.contribution.is_cash]

    def pour(m: Money, candidates: list[Line]) -> None:
        for line in candidates:
            if m.left <= ZERO:
                return
            take = min(m.left, line.remaining)
            if take > ZERO:
                line.funded += take
                m.left -= take
                m.allocations.append((line, take))

    earmarked = sorted(
        (m for m in monies if m.earmarked),
        key=lambda m: (-m.conditions, m.contribution.spend_by or date.max, m.contribution.pledged_on),
    )
    for m in earmarked:
        pour(m, [line for line in lines if m.matches(line)])
    for m in sorted((m for m in monies if not m.earmarked), key=lambda m: m.contribution.pledged_on):
        pour(m, lines)
    return Position(as_of=as_of, lines=lines, monies=monies)


def position(as_of: date) -> Position:
    return allocate(requirement_lines(as_of), contributions_as_of(as_of), as_of)


# --------------------------------------------------------------------------- scenarios


def scenario_regular_budget_posts(
    base: Position, *, yearly_amount: Decimal, cycle_number: int, from_year: int
) -> Position:
    """New regular-budget posts (S004 ¶13): the extrabudgetary need falls by `yearly_amount` a year.

    The reduction applies to each year of the cycle from `from_year`, first to the staff-posts
    line, then to the year's other lines in order, never below zero.
    """
    lines = [replace(line, funded=ZERO) for line in base.lines]
    by_year: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        if line.cycle_number == cycle_number and line.year >= from_year:
            by_year[line.year].append(line)
    for year_lines in by_year.values():
        cut = yearly_amount
        for line in sorted(year_lines, key=lambda ln: (ln.activity != Activity.STAFF_POSTS, ln.sort_key)):
            take = min(cut, line.amount)
            line.amount -= take
            cut -= take
    return allocate([ln for ln in lines if ln.amount > ZERO], base.monies, base.as_of)


def scenario_extension(
    base: Position, *, cycle_number: int, months: int, monthly_cost: Decimal | None = None
) -> Position:
    """An extension of the cycle by `months`: new lines after the last estimated year.

    Without `monthly_cost`, each activity costs per month what it costs in the cycle's last
    estimated year, divided by twelve.
    """
    cycle_lines = [ln for ln in base.lines if ln.cycle_number == cycle_number]
    if not cycle_lines or months <= 0:
        return allocate(base.lines, base.monies, base.as_of)
    last_year = max(ln.year for ln in cycle_lines)
    template = [ln for ln in cycle_lines if ln.year == last_year]
    template_total = sum((ln.amount for ln in template), ZERO)
    cycle = Cycle.objects.get(number=cycle_number)
    new_lines: list[Line] = []
    remaining_months = months
    year = last_year
    while remaining_months > 0:
        year += 1
        span = min(12, remaining_months)
        remaining_months -= span
        starts_on, ends_on = cycle_year_period(cycle, year)
        for ln in template:
            if monthly_cost is None:
                amount = (ln.amount * span / 12).quantize(CENT)
            else:
                weight = ln.amount / template_total if template_total else ZERO
                amount = (monthly_cost * span * weight).quantize(CENT)
            new_lines.append(
                replace(ln, year=year, amount=amount, funded=ZERO, starts_on=starts_on, ends_on=ends_on)
            )
    return allocate([*base.lines, *new_lines], base.monies, base.as_of)


# --------------------------------------------------------------------------- expenditure


def expenditure_as_of(as_of: date, *, since: date | None = None) -> QuerySet[Expenditure]:
    qs = Expenditure.objects.filter(spent_on__lte=as_of)
    if since is not None:
        qs = qs.filter(spent_on__gt=since)
    return qs


def expenditure_by(
    as_of: date, *keys: str, funding: str | None = Funding.EXTRABUDGETARY, since: date | None = None
) -> dict[tuple[Any, ...], Decimal]:
    qs = expenditure_as_of(as_of, since=since)
    if funding:
        qs = qs.filter(funding=funding)
    out: dict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
    for values in qs.values("cycle__number", "year", "activity", "funding", "spent_on", "amount_usd"):
        row: dict[str, Any] = dict(values)
        row["calendar_year"] = row["spent_on"].year
        row["cycle"] = row["cycle__number"]
        out[tuple(row[k] for k in keys)] += row["amount_usd"]
    return dict(sorted(out.items()))


def completed_reviews(as_of: date, cycle_number: int) -> list[int]:
    """Reviews of the cycle whose executive summary was agreed on or before the date (COMMON.md)."""
    return list(
        Milestone.objects.filter(
            stage=Stage.SUMMARY_AGREED,
            done_on__lte=as_of,
            review__cycle__number=cycle_number,
        ).values_list("review_id", flat=True)
    )


def cost_per_completed_review(as_of: date) -> dict[str, dict[str, Any]]:
    """Per cycle: completed reviews, all spending of the cycle and the costs linked to those reviews.

    `cost_per_completed_review` spreads all the cycle's spending over its completed reviews;
    `linked_cost_per_completed_review` averages what was recorded against completed reviews over
    those of them that have costs recorded (so reviews without records do not dilute it).
    """
    out: dict[str, dict[str, Any]] = {}
    for cycle in Cycle.objects.order_by("number"):
        done = completed_reviews(as_of, cycle.number)
        spent = expenditure_as_of(as_of).filter(cycle=cycle)
        total = sum((e.amount_usd for e in spent.only("amount_usd")), ZERO)
        linked_rows = list(spent.filter(review_id__in=done).values_list("review_id", "amount_usd"))
        linked = sum((amount for _, amount in linked_rows), ZERO)
        with_costs = len({review_id for review_id, _ in linked_rows})
        n = len(done)
        out[str(cycle.number)] = {
            "completed_reviews": n,
            "expenditure": money(total),
            "cost_per_completed_review": money(total / n) if n else None,
            "completed_reviews_with_costs": with_costs,
            "linked_expenditure": money(linked),
            "linked_cost_per_completed_review": money(linked / with_costs) if with_costs else None,
        }
    return out


def review_costs(review_id: int) -> Decimal:
    return sum((e.amount_usd for e in Expenditure.objects.filter(review_id=review_id)), ZERO)


# --------------------------------------------------------------------------- earmarking over time


def earmarked_share_over_time(as_of: date) -> list[dict[str, Any]]:
    """Per calendar year of pledge: new contributions, the earmarked part, and the cumulative share."""
    monies = contributions_as_of(as_of)
    years: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"total": ZERO, "earmarked": ZERO})
    for m in monies:
        y = years[m.contribution.pledged_on.year]
        y["total"] += m.value
        if m.earmarked:
            y["earmarked"] += m.value
    out = []
    cumulative_total = cumulative_earmarked = ZERO
    for year in sorted(years):
        cumulative_total += years[year]["total"]
        cumulative_earmarked += years[year]["earmarked"]
        out.append(
            {
                "year": year,
                "contributions": money(years[year]["total"]),
                "earmarked": money(years[year]["earmarked"]),
                "share": str(share(years[year]["earmarked"], years[year]["total"])),
                "cumulative_share": str(share(cumulative_earmarked, cumulative_total)),
            }
        )
    return out


# --------------------------------------------------------------------------- reports


def _by_donor(monies: list[Money]) -> list[dict[str, Any]]:
    donors: dict[int, dict[str, Any]] = {}
    for m in monies:
        d = m.contribution.donor
        row = donors.setdefault(
            d.pk,
            {
                "donor": d.code,
                "name": d.state.name_en if d.state else d.organization,
                "name_zh": (d.state.name_zh or d.state.name_en) if d.state else d.organization,
                "received": ZERO,
                "outstanding": ZERO,
                "earmarked": ZERO,
            },
        )
        row["received"] += m.received
        row["outstanding"] += m.outstanding
        if m.earmarked:
            row["earmarked"] += m.value
    rows = sorted(donors.values(), key=lambda r: (-(r["received"] + r["outstanding"]), r["donor"]))
    return [
        {
            "donor": r["donor"],
            "name": r["name"],
            "name_zh": r["name_zh"],
            "received": money(r["received"]),
            "outstanding": money(r["outstanding"]),
            "total": money(r["received"] + r["outstanding"]),
            "earmarked": money(r["earmarked"]),
        }
        for r in rows
    ]


def _cycle_map(values: dict[tuple[Any, ...], Decimal]) -> dict[str, str]:
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for key, value in values.items():
        out[str(key[0])] += value
    return {k: money(v) for k, v in sorted(out.items(), key=lambda kv: int(kv[0]))}


def _year_list(values: dict[tuple[Any, ...], Decimal], name: str) -> list[dict[str, Any]]:
    return [{"cycle": c, "year": y, name: money(v)} for (c, y), v in sorted(values.items())]


def report_figures(as_of: date) -> dict[str, Any]:
    """The figures of a financial report as at a date (JSON-ready; schema in docs/apps/finance.md)."""
    pos = position(as_of)
    spent_by_cycle = expenditure_by(as_of, "cycle")
    regular_lines = requirement_lines(as_of, funding=Funding.REGULAR)
    in_kind = contributions_as_of(as_of, kind=Contribution.Kind.IN_KIND)
    unusable = pos.unusable()
    for item in unusable:
        item["amount"] = money(item["amount"])
        item["spend_by"] = item["spend_by"].isoformat() if item["spend_by"] else None
    return {
        "as_of": as_of.isoformat(),
        "currency": CURRENCY,
        "expenditure_by_cycle": _cycle_map(spent_by_cycle),
        "expenditure_total": money(sum(spent_by_cycle.values(), ZERO)),
        "expenditure_by_year": _year_list(expenditure_by(as_of, "cycle", "year"), "amount"),
        "expenditure_by_calendar_year": [
            {"cycle": c, "calendar_year": y, "amount": money(v)}
            for (c, y), v in expenditure_by(as_of, "cycle", "calendar_year").items()
        ],
        "expenditure_by_activity": [
            {"cycle": c, "activity": a, "amount": money(v)}
            for (c, a), v in sorted(
                expenditure_by(as_of, "cycle", "activity").items(),
                key=lambda kv: (kv[0][0], Activity.order(kv[0][1])),
            )
        ],
        "contributions_total": money(pos.received_total),
        "pledges_outstanding": money(pos.outstanding_total),
        "contributions_and_pledges_total": money(pos.contributions_total),
        "in_kind_total": money(sum((m.value for m in in_kind), ZERO)),
        "contributions_by_donor": _by_donor(pos.monies),
        "requirements_total": money(pos.requirements_total),
        "requirements_by_cycle": _cycle_map(pos.requirements_by("cycle_number")),
        "funding_gap": money(pos.funding_gap),
        "funding_gap_by_cycle": _cycle_map(pos.unfunded_by("cycle_number")),
        "funding_gap_by_year": _year_list(pos.unfunded_by("cycle_number", "year"), "gap"),
        "funding_gap_after_earmarks": money(pos.unfunded_total),
        "earmarked_total": money(pos.earmarked_total),
        "unearmarked_total": money(pos.unearmarked_total),
        "earmarked_share": str(pos.earmarked_share),
        "earmarked_share_by_year": earmarked_share_over_time(as_of),
        "earmarked_unusable_total": money(sum((m.left for m in pos.monies if m.earmarked), ZERO)),
        "earmarked_unusable": unusable,
        "regular_budget": {
            "requirements_total": money(sum((ln.amount for ln in regular_lines), ZERO)),
            "expenditure_by_cycle": _cycle_map(expenditure_by(as_of, "cycle", funding=Funding.REGULAR)),
        },
        "cost_per_completed_review": cost_per_completed_review(as_of),
    }


#: Figures compared between two reports ("change since the previous report").
CHANGE_KEYS = (
    "expenditure_total",
    "contributions_total",
    "pledges_outstanding",
    "contributions_and_pledges_total",
    "requirements_total",
    "funding_gap",
    "earmarked_total",
)


def previous_report(as_of: date) -> FinanceReport | None:
    return FinanceReport.objects.filter(as_of__lt=as_of).order_by("-as_of").first()


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    change: dict[str, Any] = {
        key: money(Decimal(current[key]) - Decimal(previous.get(key, "0"))) for key in CHANGE_KEYS
    }
    cycles = set(current["expenditure_by_cycle"]) | set(previous.get("expenditure_by_cycle", {}))
    change["expenditure_by_cycle"] = {
        c: money(
            Decimal(current["expenditure_by_cycle"].get(c, "0"))
            - Decimal(previous["expenditure_by_cycle"].get(c, "0"))
        )
        for c in sorted(cycles, key=int)
    }
    change["earmarked_share"] = str(
        (Decimal(current["earmarked_share"]) - Decimal(previous.get("earmarked_share", "0"))).quantize(
            SHARE_PLACES
        )
    )
    return change


def build_report(as_of: date, *, since: date | None = None) -> dict[str, Any]:
    """A report as at a date, with the change since `since` or, by default, since the last issued report."""
    figures = report_figures(as_of)
    previous: dict[str, Any] | None = None
    source = None
    if since is not None:
        previous = report_figures(since)
        source = {"as_of": since.isoformat(), "symbol": None, "issued": False}
    else:
        issued = previous_report(as_of)
        if issued is not None:
            previous = issued.figures
            source = {"as_of": issued.as_of.isoformat(), "symbol": issued.symbol or None, "issued": True}
    figures["previous"] = source
    figures["change"] = compare(figures, previous) if previous is not None else None
    return figures


def gap_over_time(dates: list[date]) -> list[dict[str, Any]]:
    return [
        {
            "as_of": d.isoformat(),
            "funding_gap": money(p.funding_gap),
            "contributions_total": money(p.contributions_total),
            "requirements_total": money(p.requirements_total),
        }
        for d in dates
        for p in [position(d)]
    ]


# --------------------------------------------------------------------------- donors


def donor_statement(donor: Donor, as_of: date) -> dict[str, Any]:
    """A donor's contributions and how they were used: what needs they fund, what was charged to them."""
    pos = position(as_of)
    own_cash = [m for m in pos.monies if m.contribution.donor_id == donor.pk]
    in_kind = contributions_as_of(as_of, donors=[donor], kind=Contribution.Kind.IN_KIND)
    charged = defaultdict(list)
    for e in (
        Expenditure.objects.filter(contribution__donor=donor, spent_on__lte=as_of)
        .select_related("cycle", "contribution", "review__state")
        .order_by("spent_on")
    ):
        charged[e.contribution_id].append(e)
    rows: list[dict[str, Any]] = []
    for m in [*own_cash, *in_kind]:
        c = m.contribution
        rows.append(
            {
                "contribution": c,
                "received": m.received,
                "outstanding": m.outstanding,
                "payments": [p for p in c.payments.all() if p.received_on <= as_of],
                "allocations": [
                    {
                        "cycle": line.cycle_number,
                        "year": line.year,
                        "activity": line.activity,
                        "amount": amount,
                    }
                    for line, amount in m.allocations
                ],
                "unallocated": m.left if c.is_cash else ZERO,
                "expenditure": charged.get(c.pk, []),
                "spent": sum((e.amount_usd for e in charged.get(c.pk, [])), ZERO),
            }
        )
    return {
        "donor": donor,
        "as_of": as_of,
        "rows": rows,
        "total": sum((r["received"] + r["outstanding"] for r in rows if r["contribution"].is_cash), ZERO),
    }
