"""The finance API (/api/v1/finance/): reports for States' users, details for donors, writes for the secretariat.

Anyone who may not see finance details gets 404, as on the pages.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from irm.core.api_schemas import ERRORS, Code, Int, Line, Text
from irm.core.exceptions import InvalidInput, NotFound
from irm.cycles.models import Cycle
from irm.finance import permissions, selectors, services
from irm.finance.models import Contribution, Donor
from irm.parties import selectors as party_selectors
from irm.parties.models import State
from irm.reviews.models import Review

router = Router()


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotFound("Not found.")


def _cycle(number: int | None) -> Cycle | None:
    if number is None:
        return None
    cycle = Cycle.objects.filter(number=number).first()
    if cycle is None:
        raise InvalidInput(f"No cycle {number}.")
    return cycle


def _state(iso3: str | None) -> State | None:
    if not iso3:
        return None
    state = party_selectors.state_by_iso3(iso3)
    if state is None:
        raise InvalidInput(f"No State party {iso3}.")
    return state


class PaymentOut(Schema):
    received_on: date
    amount: str
    usd_per_unit: str
    amount_usd: str


class EarmarkOut(Schema):
    activity: str
    cycle: int | None
    region: str
    country: str | None
    spend_by: date | None
    purpose: str


class ContributionOut(Schema):
    reference: str
    donor: str
    kind: str
    pledged_on: date
    amount: str
    currency: str
    usd_per_unit: str
    rate_on: date
    amount_usd: str
    earmarked: bool
    earmark: EarmarkOut
    payments: list[PaymentOut]


def _contribution_out(c: Contribution) -> dict[str, Any]:
    return {
        "reference": c.reference,
        "donor": c.donor.code,
        "kind": c.kind,
        "pledged_on": c.pledged_on,
        "amount": str(c.amount),
        "currency": c.currency,
        "usd_per_unit": str(c.usd_per_unit),
        "rate_on": c.rate_on,
        "amount_usd": str(c.amount_usd),
        "earmarked": c.is_earmarked,
        "earmark": {
            "activity": c.earmark_activity,
            "cycle": c.earmark_cycle.number if c.earmark_cycle else None,
            "region": c.earmark_region,
            "country": c.earmark_state.iso3 if c.earmark_state else None,
            "spend_by": c.spend_by,
            "purpose": c.earmark_purpose,
        },
        "payments": [
            {
                "received_on": p.received_on,
                "amount": str(p.amount),
                "usd_per_unit": str(p.usd_per_unit),
                "amount_usd": str(p.amount_usd),
            }
            for p in c.payments.all()
        ],
    }


@router.get(
    "/report",
    response={200: dict[str, Any], **ERRORS},
    summary="The financial report as at a date (schema: docs/apps/finance.md)",
)
def report(request: HttpRequest, as_of: date | None = None, since: date | None = None):
    _require(permissions.can_view_reports(request.user))
    as_of = as_of or timezone.localdate()
    if since is not None and since >= as_of:
        raise InvalidInput("`since` must be before `as_of`.")
    return selectors.build_report(as_of, since=since)


@router.get(
    "/contributions", response={200: list[ContributionOut], **ERRORS}, summary="Contributions in detail"
)
def list_contributions(request: HttpRequest):
    """All contributions for the secretariat; a donor's own for a donor; 404 for anyone else."""
    _require(permissions.can_edit_finance(request.user) or permissions.is_donor(request.user))
    qs = (
        permissions.contributions_visible_to(request.user)
        .select_related("donor__state", "earmark_cycle", "earmark_state")
        .prefetch_related("payments")
    )
    return [_contribution_out(c) for c in qs]


Money = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Rate = Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=6)]
Currency = Annotated[str, Field(min_length=3, max_length=3)]
Choice = Annotated[str, Field(max_length=20)]
Region = Annotated[str, Field(max_length=12)]
Short = Annotated[str, Field(max_length=255)]


class ContributionIn(Schema):
    donor: Annotated[str, Field(max_length=200)]  # ISO3 of a State, or an organization's name
    reference: Annotated[str, Field(max_length=60)]
    pledged_on: date
    amount: Money
    currency: Currency = "USD"
    kind: Contribution.Kind = Contribution.Kind.CASH
    description: Text = ""
    usd_per_unit: Rate | None = None
    earmark_activity: Choice = ""
    earmark_cycle: Int | None = None
    earmark_region: Region = ""
    earmark_country: Code | None = None
    spend_by: date | None = None
    earmark_purpose: Short = ""


@router.post("/contributions", response={201: ContributionOut, **ERRORS}, summary="Record a pledge")
def create_contribution(request: HttpRequest, payload: ContributionIn):
    _require(permissions.can_view_finance(request.user))
    user = request.user
    state = party_selectors.state_by_iso3(payload.donor)
    donor = services.register_donor(actor=user, state=state, organization="" if state else payload.donor)
    contribution = services.record_contribution(
        actor=user,
        donor=donor,
        reference=payload.reference,
        pledged_on=payload.pledged_on,
        amount=payload.amount,
        currency=payload.currency,
        kind=payload.kind,
        description=payload.description,
        usd_per_unit=payload.usd_per_unit,
        earmark_activity=payload.earmark_activity,
        earmark_cycle=_cycle(payload.earmark_cycle),
        earmark_region=payload.earmark_region,
        earmark_state=_state(payload.earmark_country),
        spend_by=payload.spend_by,
        earmark_purpose=payload.earmark_purpose,
    )
    return Status(201, _contribution_out(contribution))


class PaymentIn(Schema):
    received_on: date
    amount: Money | None = None
    usd_per_unit: Rate | None = None


@router.post(
    "/contributions/{reference}/payments",
    response={201: ContributionOut, **ERRORS},
    summary="Record money received against a pledge",
)
def create_payment(request: HttpRequest, reference: Line, payload: PaymentIn):
    contribution = permissions.contributions_visible_to(request.user).filter(reference=reference).first()
    _require(contribution is not None)
    if contribution is None:
        raise RuntimeError("expected contribution is not None")
    services.record_payment(
        actor=request.user,
        contribution=contribution,
        received_on=payload.received_on,
        amount=payload.amount,
        usd_per_unit=payload.usd_per_unit,
    )
    contribution.refresh_from_db()
    return Status(201, _contribution_out(contribution))


class RateIn(Schema):
    currency: Currency
    on: date
    usd_per_unit: Rate
    source: Annotated[str, Field(max_length=200)] = ""


class RateOut(Schema):
    currency: str
    on: date
    usd_per_unit: str


@router.post("/rates", response={201: RateOut, **ERRORS}, summary="Record an exchange rate")
def create_rate(request: HttpRequest, payload: RateIn):
    _require(permissions.can_view_finance(request.user))
    rate = services.record_exchange_rate(
        actor=request.user,
        currency=payload.currency,
        on=payload.on,
        usd_per_unit=payload.usd_per_unit,
        source=payload.source,
    )
    return Status(201, {"currency": rate.currency, "on": rate.on, "usd_per_unit": str(rate.usd_per_unit)})


class RequirementIn(Schema):
    cycle: Int
    year: Int
    activity: Choice
    funding: Choice
    amount_usd: Money
    estimated_on: date
    region: Region = ""
    country: Code | None = None
    note: Short = ""


class IdOut(Schema):
    id: int


@router.post("/requirements", response={201: IdOut, **ERRORS}, summary="Record an estimate of requirements")
def create_requirement(request: HttpRequest, payload: RequirementIn):
    _require(permissions.can_view_finance(request.user))
    cycle = _cycle(payload.cycle)
    if cycle is None:
        raise RuntimeError("expected cycle is not None")
    requirement = services.estimate_requirement(
        actor=request.user,
        cycle=cycle,
        year=payload.year,
        activity=payload.activity,
        funding=payload.funding,
        amount_usd=payload.amount_usd,
        estimated_on=payload.estimated_on,
        region=payload.region,
        state=_state(payload.country),
        note=payload.note,
    )
    return Status(201, {"id": requirement.pk})


class ExpenditureIn(Schema):
    spent_on: date
    cycle: Int
    year: Int
    activity: Choice
    funding: Choice
    amount_usd: Money
    review_id: Int | None = None
    contribution: Annotated[str, Field(max_length=60)] | None = None
    description: Short = ""


@router.post("/expenditure", response={201: IdOut, **ERRORS}, summary="Record expenditure")
def create_expenditure(request: HttpRequest, payload: ExpenditureIn):
    _require(permissions.can_view_finance(request.user))
    cycle = _cycle(payload.cycle)
    if cycle is None:
        raise RuntimeError("expected cycle is not None")
    review = Review.objects.filter(pk=payload.review_id).first() if payload.review_id else None
    if payload.review_id and review is None:
        raise InvalidInput(f"No review {payload.review_id}.")
    contribution = None
    if payload.contribution:
        contribution = Contribution.objects.filter(reference=payload.contribution).first()
        if contribution is None:
            raise InvalidInput(f"No contribution {payload.contribution}.")
    expenditure = services.record_expenditure(
        actor=request.user,
        spent_on=payload.spent_on,
        cycle=cycle,
        year=payload.year,
        activity=payload.activity,
        funding=payload.funding,
        amount_usd=payload.amount_usd,
        review=review,
        contribution=contribution,
        description=payload.description,
    )
    return Status(201, {"id": expenditure.pk})


class IssueIn(Schema):
    as_of: date
    symbol: Annotated[str, Field(max_length=60)] = ""


@router.post(
    "/reports", response={201: dict[str, Any], **ERRORS}, summary="Issue (freeze) a report as at a date"
)
def issue(request: HttpRequest, payload: IssueIn):
    _require(permissions.can_view_finance(request.user))
    report = services.issue_report(actor=request.user, as_of=payload.as_of, symbol=payload.symbol)
    return Status(
        201, {"as_of": report.as_of.isoformat(), "symbol": report.symbol, "figures": report.figures}
    )


@router.get("/donors/{donor_id}", response={200: dict[str, Any], **ERRORS}, summary="A donor's statement")
def donor(request: HttpRequest, donor_id: Int, as_of: date | None = None):
    """The donor's contributions and how they were used (the donor itself and the secretariat)."""
    found = permissions.donors_of(request.user).filter(pk=donor_id).first()
    _require(found is not None)
    if not isinstance(found, Donor):
        raise RuntimeError("expected isinstance(found, Donor)")
    statement = selectors.donor_statement(found, as_of or timezone.localdate())
    return {
        "donor": found.code,
        "as_of": statement["as_of"].isoformat(),
        "total": selectors.money(statement["total"]),
        "contributions": [
            {
                **_contribution_out(r["contribution"]),
                "received": selectors.money(r["received"]),
                "outstanding": selectors.money(r["outstanding"]),
                "allocations": [{**a, "amount": selectors.money(a["amount"])} for a in r["allocations"]],
                "unallocated": selectors.money(r["unallocated"]),
                "spent": selectors.money(r["spent"]),
            }
            for r in statement["rows"]
        ],
    }
