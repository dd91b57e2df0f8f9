"""Every write to the finance app: rates, donors, contributions, payments, estimates, expenditure, reports.

Each function checks that the actor may edit (the secretariat; `actor=None` is the system, e.g.
the demo loader), validates, saves inside one transaction and records an audit event there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Sum

from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, NotFound, PermissionDenied
from irm.cycles.models import Cycle
from irm.finance import permissions
from irm.finance.models import (
    CENT,
    ZERO,
    Activity,
    Contribution,
    Donor,
    ExchangeRate,
    Expenditure,
    FinanceReport,
    Funding,
    Payment,
    Requirement,
)
from irm.parties.models import RegionalGroup, State
from irm.reviews.models import Review

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def _check_actor(actor: Any) -> None:
    if actor is not None and not permissions.can_edit_finance(actor):
        raise PermissionDenied("Only the secretariat records the mechanism's finances.")


def _money(value: Any, what: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError as exc:
        raise InvalidInput(f"{what} must be a decimal number, not {value!r}.") from exc
    if not amount.is_finite() or amount <= ZERO:
        raise InvalidInput(f"{what} must be a positive amount.")
    if amount != amount.quantize(CENT):
        raise InvalidInput(f"{what} has more than two decimals: {value}.")
    return amount


def _currency(value: str) -> str:
    code = (value or "").strip().upper()
    if not CURRENCY_RE.match(code):
        raise InvalidInput(f"Currency must be an ISO 4217 code such as USD or EUR, not {value!r}.")
    return code


def _choice(value: str, choices: type[models.TextChoices], what: str, *, blank: bool = False) -> str:
    if blank and not value:
        return ""
    if value not in choices.values:
        raise InvalidInput(f"Unknown {what} {value!r}; one of {', '.join(choices.values)}.")
    return value


def rate_for(currency: str, on: date) -> tuple[Decimal, date]:
    """USD per unit of `currency` at the latest rate recorded on or before `on`, and that rate's date."""
    currency = _currency(currency)
    if currency == "USD":
        return Decimal("1"), on
    rate = ExchangeRate.objects.filter(currency=currency, on__lte=on).order_by("-on").first()
    if rate is None:
        raise InvalidInput(
            f"No exchange rate for {currency} on or before {on.isoformat()}: record one first.",
            code="no_exchange_rate",
        )
    return rate.usd_per_unit, rate.on


def to_usd(amount: Decimal, usd_per_unit: Decimal) -> Decimal:
    return (amount * usd_per_unit).quantize(CENT)


@transaction.atomic
def record_exchange_rate(
    *, actor: Any, currency: str, on: date, usd_per_unit: Decimal | str, source: str = ""
) -> ExchangeRate:
    _check_actor(actor)
    currency = _currency(currency)
    if currency == "USD":
        raise InvalidInput("USD is the reporting currency; it needs no rate.")
    rate = Decimal(str(usd_per_unit))
    if rate <= ZERO:
        raise InvalidInput("An exchange rate must be positive.")
    existing = ExchangeRate.objects.select_for_update().filter(currency=currency, on=on).first()
    before = {"usd_per_unit": existing.usd_per_unit} if existing else None
    if existing and existing.usd_per_unit == rate:
        return existing
    obj, _ = ExchangeRate.objects.update_or_create(
        currency=currency, on=on, defaults={"usd_per_unit": rate, "source": source}
    )
    record_event(
        actor=actor,
        action="finance.rate_recorded",
        obj=obj,
        before=before,
        after={"currency": currency, "on": on, "usd_per_unit": rate, "source": source},
    )
    return obj


@transaction.atomic
def register_donor(*, actor: Any, state: State | None = None, organization: str = "") -> Donor:
    """The donor for a State or an organization, created on first use (idempotent)."""
    _check_actor(actor)
    organization = organization.strip()
    if (state is None) == (not organization):
        raise InvalidInput("A donor is either a State or an organization (exactly one).")
    if state is not None:
        donor, created = Donor.objects.get_or_create(state=state)
    else:
        donor, created = Donor.objects.get_or_create(state=None, organization=organization)
    if created:
        record_event(actor=actor, action="finance.donor_registered", obj=donor, after={"donor": donor.code})
    return donor


@transaction.atomic
def record_contribution(
    *,
    actor: Any,
    donor: Donor,
    reference: str,
    pledged_on: date,
    amount: Decimal | str,
    currency: str = "USD",
    kind: str = Contribution.Kind.CASH,
    description: str = "",
    usd_per_unit: Decimal | str | None = None,
    earmark_activity: str = "",
    earmark_cycle: Cycle | None = None,
    earmark_region: str = "",
    earmark_state: State | None = None,
    spend_by: date | None = None,
    earmark_purpose: str = "",
) -> Contribution:
    """A pledge (or a contribution paid at once: follow with `record_payment`), valued in USD.

    The USD value uses `usd_per_unit` if given, else the latest recorded rate on or before the
    pledge date.
    """
    _check_actor(actor)
    reference = reference.strip()
    if not reference:
        raise InvalidInput("A contribution needs a reference (e.g. the pledge letter's number).")
    if Contribution.objects.filter(reference=reference).exists():
        raise Conflict(
            f"A contribution with reference {reference} already exists.", code="duplicate_reference"
        )
    value = _money(amount, "The amount")
    currency = _currency(currency)
    _choice(kind, Contribution.Kind, "kind")
    _choice(earmark_activity, Activity, "activity", blank=True)
    _choice(earmark_region, RegionalGroup, "region", blank=True)
    if earmark_state is not None and earmark_region and earmark_state.regional_group != earmark_region:
        raise InvalidInput(f"{earmark_state} is not in the regional group {earmark_region}.")
    if spend_by is not None and spend_by < pledged_on:
        raise InvalidInput("The spend-by date is before the pledge.")
    if usd_per_unit is None:
        rate, rate_on = rate_for(currency, pledged_on)
    else:
        rate, rate_on = Decimal(str(usd_per_unit)), pledged_on
        if rate <= ZERO:
            raise InvalidInput("An exchange rate must be positive.")
    contribution = Contribution.objects.create(
        donor=donor,
        reference=reference,
        kind=kind,
        pledged_on=pledged_on,
        amount=value,
        currency=currency,
        usd_per_unit=rate,
        rate_on=rate_on,
        amount_usd=to_usd(value, rate),
        description=description,
        earmark_activity=earmark_activity,
        earmark_cycle=earmark_cycle,
        earmark_region=earmark_region,
        earmark_state=earmark_state,
        spend_by=spend_by,
        earmark_purpose=earmark_purpose,
    )
    record_event(
        actor=actor,
        action="finance.contribution_pledged",
        obj=contribution,
        after=_contribution_state(contribution),
    )
    return contribution


def _contribution_state(c: Contribution) -> dict[str, Any]:
    return {
        "donor": c.donor.code,
        "kind": c.kind,
        "pledged_on": c.pledged_on,
        "amount": c.amount,
        "currency": c.currency,
        "usd_per_unit": c.usd_per_unit,
        "rate_on": c.rate_on,
        "amount_usd": c.amount_usd,
        "earmark": {
            "activity": c.earmark_activity,
            "cycle": c.earmark_cycle.number if c.earmark_cycle else None,
            "region": c.earmark_region,
            "country": c.earmark_state.iso3 if c.earmark_state else None,
            "spend_by": c.spend_by,
            "purpose": c.earmark_purpose,
        },
    }


@transaction.atomic
def change_earmark(
    *,
    actor: Any,
    contribution: Contribution,
    earmark_activity: str = "",
    earmark_cycle: Cycle | None = None,
    earmark_region: str = "",
    earmark_state: State | None = None,
    spend_by: date | None = None,
    earmark_purpose: str = "",
    reason: str = "",
) -> Contribution:
    """Record the donor's agreement to new conditions (e.g. lifting an earmark, extending a deadline)."""
    _check_actor(actor)
    if not reason.strip():
        raise InvalidInput("Say why the conditions change (e.g. the donor's letter).")
    _choice(earmark_activity, Activity, "activity", blank=True)
    _choice(earmark_region, RegionalGroup, "region", blank=True)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    before = _contribution_state(locked)
    locked.earmark_activity = earmark_activity
    locked.earmark_cycle = earmark_cycle
    locked.earmark_region = earmark_region
    locked.earmark_state = earmark_state
    locked.spend_by = spend_by
    locked.earmark_purpose = earmark_purpose
    locked.save(
        update_fields=[
            "earmark_activity",
            "earmark_cycle",
            "earmark_region",
            "earmark_state",
            "spend_by",
            "earmark_purpose",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        action="finance.earmark_changed",
        obj=locked,
        before=before,
        after=_contribution_state(locked),
        reason=reason,
    )
    return locked


@transaction.atomic
def record_payment(
    *,
    actor: Any,
    contribution: Contribution,
    received_on: date,
    amount: Decimal | str | None = None,
    usd_per_unit: Decimal | str | None = None,
) -> Payment:
    """Money received against a pledge (the rest of it if `amount` is None), at the day's rate."""
    _check_actor(actor)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.kind != Contribution.Kind.CASH:
        raise InvalidInput("An in-kind contribution is not paid.")
    paid = locked.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    outstanding = locked.amount - paid
    value = outstanding if amount is None else _money(amount, "The payment")
    if value <= ZERO or value > outstanding:
        raise Conflict(
            f"The payment ({value} {locked.currency}) exceeds what is outstanding ({outstanding}).",
            code="overpayment",
        )
    if usd_per_unit is None:
        rate, rate_on = rate_for(locked.currency, received_on)
    else:
        rate, rate_on = Decimal(str(usd_per_unit)), received_on
    payment = Payment.objects.create(
        contribution=locked,
        received_on=received_on,
        amount=value,
        usd_per_unit=rate,
        rate_on=rate_on,
        amount_usd=to_usd(value, rate),
    )
    record_event(
        actor=actor,
        action="finance.payment_received",
        obj=payment,
        after={
            "contribution": locked.reference,
            "received_on": received_on,
            "amount": value,
            "currency": locked.currency,
            "usd_per_unit": rate,
            "amount_usd": payment.amount_usd,
        },
    )
    return payment


@transaction.atomic
def estimate_requirement(
    *,
    actor: Any,
    cycle: Cycle,
    year: int,
    activity: str,
    funding: str,
    amount_usd: Decimal | str,
    estimated_on: date,
    region: str = "",
    state: State | None = None,
    note: str = "",
) -> Requirement:
    """The estimate for one activity in one year of a cycle, as made on a date (a revision is a new date).

    An amount of 0 withdraws the line from that date on.
    """
    _check_actor(actor)
    if year < 1 or year > 15:
        raise InvalidInput("The year of the cycle is 1 to 5, or later for an extension.")
    _choice(activity, Activity, "activity")
    _choice(funding, Funding, "funding")
    _choice(region, RegionalGroup, "region", blank=True)
    value = Decimal(str(amount_usd))
    if value < ZERO or value != value.quantize(CENT):
        raise InvalidInput("A requirement is a non-negative amount with at most two decimals.")
    key: dict[str, Any] = {
        "cycle": cycle,
        "year": year,
        "activity": activity,
        "funding": funding,
        "region": region,
        "state": state,
        "estimated_on": estimated_on,
    }
    existing = Requirement.objects.select_for_update().filter(**key).first()
    before = {"amount_usd": existing.amount_usd} if existing else None
    if existing and existing.amount_usd == value and existing.note == note:
        return existing
    requirement, _ = Requirement.objects.update_or_create(**key, defaults={"amount_usd": value, "note": note})
    record_event(
        actor=actor,
        action="finance.requirement_estimated",
        obj=requirement,
        before=before,
        after={
            "cycle": cycle.number,
            "year": year,
            "activity": activity,
            "funding": funding,
            "region": region,
            "country": state.iso3 if state else None,
            "amount_usd": value,
            "estimated_on": estimated_on,
        },
    )
    return requirement


@transaction.atomic
def record_expenditure(
    *,
    actor: Any,
    spent_on: date,
    cycle: Cycle,
    year: int,
    activity: str,
    funding: str,
    amount_usd: Decimal | str,
    review: Review | None = None,
    contribution: Contribution | None = None,
    description: str = "",
) -> Expenditure:
    _check_actor(actor)
    _choice(activity, Activity, "activity")
    _choice(funding, Funding, "funding")
    if year < 1:
        raise InvalidInput("The year of the cycle starts at 1.")
    value = _money(amount_usd, "The expenditure")
    if review is not None and review.cycle_id != cycle.pk:
        raise InvalidInput("The review belongs to another cycle.")
    if contribution is not None:
        if funding != Funding.EXTRABUDGETARY:
            raise InvalidInput("Only extrabudgetary expenditure is charged to a contribution.")
        if contribution.earmark_cycle_id and contribution.earmark_cycle_id != cycle.pk:
            raise InvalidInput(f"Contribution {contribution.reference} is earmarked for another cycle.")
        if contribution.earmark_activity and contribution.earmark_activity != activity:
            raise InvalidInput(f"Contribution {contribution.reference} is earmarked for another activity.")
        if contribution.spend_by and spent_on > contribution.spend_by:
            raise InvalidInput(
                f"Contribution {contribution.reference} had to be spent by {contribution.spend_by}."
            )
    expenditure = Expenditure.objects.create(
        spent_on=spent_on,
        cycle=cycle,
        year=year,
        activity=activity,
        funding=funding,
        amount_usd=value,
        review=review,
        contribution=contribution,
        description=description,
    )
    record_event(
        actor=actor,
        action="finance.expenditure_recorded",
        obj=expenditure,
        after={
            "spent_on": spent_on,
            "cycle": cycle.number,
            "year": year,
            "activity": activity,
            "funding": funding,
            "amount_usd": value,
            "review": review.pk if review else None,
            "contribution": contribution.reference if contribution else None,
        },
    )
    return expenditure


@transaction.atomic
def issue_report(*, actor: Any, as_of: date, symbol: str = "") -> FinanceReport:
    """Freeze the figures as at a date as the report issued to the States (one report per date)."""
    from irm.finance.selectors import report_figures

    _check_actor(actor)
    if FinanceReport.objects.filter(as_of=as_of).exists():
        raise Conflict(
            f"A financial report as at {as_of.isoformat()} was already issued.", code="already_issued"
        )
    figures = report_figures(as_of)
    report = FinanceReport.objects.create(
        as_of=as_of,
        symbol=symbol.strip(),
        figures=figures,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        actor=actor,
        action="finance.report_issued",
        obj=report,
        after={"as_of": as_of, "symbol": report.symbol, "funding_gap": figures["funding_gap"]},
    )
    return report


@transaction.atomic
def publish_report(*, actor: Any, report: FinanceReport, on: date | None = None) -> FinanceReport:
    """Publish an issued report: from then on a public document (R-FN1). Its figures stay frozen."""
    from django.utils import timezone

    _check_actor(actor)
    report = FinanceReport.objects.select_for_update().get(pk=report.pk)
    if report.published_on is not None:
        raise Conflict(
            f"The financial report as at {report.as_of.isoformat()} is already published.",
            code="already_published",
        )
    report.published_on = on or timezone.localdate()
    report.save(update_fields=["published_on"])
    record_event(
        actor=actor,
        action="finance.report_published",
        obj=report,
        after={"as_of": report.as_of, "symbol": report.symbol, "published_on": report.published_on},
    )
    return report


def get_contribution(*, reference: str) -> Contribution:
    try:
        return Contribution.objects.get(reference=reference)
    except Contribution.DoesNotExist as exc:
        raise NotFound(f"No contribution {reference}.") from exc


# --- A whole data set at once (the demo loader, the tests' published figures) --------------------

#: Rows one call may record, all kinds together.
MAX_DATASET_ROWS = 100_000


@dataclass(frozen=True)
class RateRow:
    currency: str
    on: date
    usd_per_unit: Decimal
    source: str = ""


@dataclass(frozen=True)
class RequirementRow:
    cycle: Cycle
    year: int
    activity: str
    funding: str
    amount_usd: Decimal
    estimated_on: date
    note: str = ""


@dataclass(frozen=True)
class ContributionRow:
    """A pledge and, when `paid_on` is set, its payment in full that day (valued at that day's rate)."""

    reference: str
    pledged_on: date
    amount: Decimal
    currency: str
    state: State | None = None
    organization: str = ""
    kind: str = Contribution.Kind.CASH
    description: str = ""
    paid_on: date | None = None
    earmark_activity: str = ""
    earmark_cycle: Cycle | None = None
    spend_by: date | None = None
    earmark_purpose: str = ""


@dataclass(frozen=True)
class ExpenditureRow:
    spent_on: date
    cycle: Cycle
    year: int
    activity: str
    funding: str
    amount_usd: Decimal
    description: str


def _new_rates(rates: Sequence[RateRow]) -> list[ExchangeRate]:
    have = set(ExchangeRate.objects.values_list("currency", "on"))
    rows = []
    for r in rates:
        if Decimal(r.usd_per_unit) <= ZERO:
            raise InvalidInput(f"The exchange rate of {r.currency} on {r.on} must be positive.")
        if (_currency(r.currency), r.on) not in have:
            rows.append(
                ExchangeRate(currency=r.currency, on=r.on, usd_per_unit=r.usd_per_unit, source=r.source)
            )
    return ExchangeRate.objects.bulk_create(rows)


def _new_requirements(requirements: Sequence[RequirementRow]) -> list[Requirement]:
    have = set(
        Requirement.objects.filter(state__isnull=True, region="").values_list(
            "cycle_id", "year", "activity", "funding", "estimated_on"
        )
    )
    rows = []
    for r in requirements:
        _choice(r.activity, Activity, "activity")
        _choice(r.funding, Funding, "funding")
        if r.amount_usd < ZERO or r.amount_usd != r.amount_usd.quantize(CENT):
            raise InvalidInput("A requirement is a non-negative amount with at most two decimals.")
        if (r.cycle.pk, r.year, r.activity, r.funding, r.estimated_on) not in have:
            rows.append(
                Requirement(
                    cycle=r.cycle,
                    year=r.year,
                    activity=r.activity,
                    funding=r.funding,
                    amount_usd=r.amount_usd,
                    estimated_on=r.estimated_on,
                    note=r.note,
                )
            )
    return Requirement.objects.bulk_create(rows)


def _donor_for(row: ContributionRow, donors: dict[tuple[int | None, str], Donor]) -> Donor:
    key = (row.state.pk if row.state else None, "" if row.state else row.organization)
    if key not in donors:
        if (row.state is None) == (not row.organization):
            raise InvalidInput(
                f"{row.reference}: a donor is either a State or an organization (exactly one)."
            )
        donors[key] = Donor.objects.create(state=row.state, organization=key[1])
    return donors[key]


def _new_contributions(contributions: Sequence[ContributionRow]) -> list[Contribution]:
    existing = set(Contribution.objects.values_list("reference", flat=True))
    donors = {(d.state_id, d.organization): d for d in Donor.objects.all()}
    made, payments = [], []
    for row in contributions:
        if row.reference in existing:
            continue
        _choice(row.kind, Contribution.Kind, "kind")
        _choice(row.earmark_activity, Activity, "activity", blank=True)
        value = _money(row.amount, f"The amount of {row.reference}")
        rate, rate_on = rate_for(row.currency, row.pledged_on)
        contribution = Contribution.objects.create(
            donor=_donor_for(row, donors),
            reference=row.reference,
            kind=row.kind,
            pledged_on=row.pledged_on,
            amount=value,
            currency=row.currency,
            usd_per_unit=rate,
            rate_on=rate_on,
            amount_usd=to_usd(value, rate),
            description=row.description,
            earmark_activity=row.earmark_activity,
            earmark_cycle=row.earmark_cycle,
            spend_by=row.spend_by,
            earmark_purpose=row.earmark_purpose,
        )
        made.append(contribution)
        if row.paid_on is not None:
            rate, rate_on = rate_for(row.currency, row.paid_on)
            payments.append(
                Payment(
                    contribution=contribution,
                    received_on=row.paid_on,
                    amount=value,
                    usd_per_unit=rate,
                    rate_on=rate_on,
                    amount_usd=to_usd(value, rate),
                )
            )
    Payment.objects.bulk_create(payments)
    return made


def _new_expenditure(expenditure: Sequence[ExpenditureRow]) -> list[Expenditure]:
    done = set(Expenditure.objects.filter(review__isnull=True).values_list("description", flat=True))
    rows = []
    for r in expenditure:
        _choice(r.activity, Activity, "activity")
        _choice(r.funding, Funding, "funding")
        if r.description in done:
            continue
        done.add(r.description)
        rows.append(
            Expenditure(
                spent_on=r.spent_on,
                cycle=r.cycle,
                year=r.year,
                activity=r.activity,
                funding=r.funding,
                amount_usd=_money(r.amount_usd, "The expenditure"),
                description=r.description,
            )
        )
    return Expenditure.objects.bulk_create(rows)


@transaction.atomic
def record_dataset(
    *,
    actor: Any,
    rates: Sequence[RateRow] = (),
    requirements: Sequence[RequirementRow] = (),
    contributions: Sequence[ContributionRow] = (),
    expenditure: Sequence[ExpenditureRow] = (),
) -> dict[str, int]:
    """Record a whole set of finance records in bulk, valued as the one-by-one services value them
    (the latest rate on or before the day). Rows already recorded are skipped: rates by currency and
    day, estimates by cycle, year, activity, funding and day, contributions by reference, expenditure
    by description (which must then be unique). One audit event."""
    _check_actor(actor)
    if len(rates) + len(requirements) + len(contributions) + len(expenditure) > MAX_DATASET_ROWS:
        raise InvalidInput(f"At most {MAX_DATASET_ROWS} rows at a time.")
    counts = {
        "rates": len(_new_rates(rates)),
        "requirements": len(_new_requirements(requirements)),
        "contributions": len(_new_contributions(contributions)),
        "expenditure": len(_new_expenditure(expenditure)),
    }
    if any(counts.values()):
        record_event(
            actor=actor, action="finance.dataset_loaded", object_type="finance.dataset", after=counts
        )
    return counts
