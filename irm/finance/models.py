"""The mechanism's money (S000 ¶26–27, S004 ¶9–15): what it needs, what donors give, what it spends.

Amounts are Decimals. Contributions keep the amount in the donor's currency (ISO 4217) *and* its
value in US dollars at a recorded rate and date; every figure the mechanism reports is in USD.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.cycles.models import Cycle
from irm.parties.models import RegionalGroup, State
from irm.reviews.models import Review

ZERO = Decimal("0")
CENT = Decimal("0.01")

#: A year of a cycle runs from 1 July to 30 June (cycle 1: 2010-07-01 … 2015-06-30, its deadline).
CYCLE_YEAR_START_MONTH = 7


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class Activity(models.TextChoices):
    """What the mechanism spends on, in the order of the secretariat's estimates."""

    EXPERT_TRAVEL = "expert_travel", _("Governmental experts' travel for country visits")
    STAFF_TRAVEL = "staff_travel", _("Secretariat staff travel")
    TRANSLATION = "translation", _("Translation of checklist answers and reports")
    INTERPRETATION = "interpretation", _("Interpretation")
    JOINT_MEETINGS = "joint_meetings", _("Joint meetings")
    STAFF_POSTS = "staff_posts", _("Staff posts")
    TRAINING = "training", _("Training of focal points and experts")

    @classmethod
    def order(cls, value: str) -> int:
        return [a.value for a in cls].index(value)


class Funding(models.TextChoices):
    REGULAR = "regular", _("Regular budget")
    EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary")


def cycle_year_period(cycle: Cycle, year: int) -> tuple[date, date]:
    """First and last day of year `year` (1-based) of the cycle; years after the last are extensions."""
    first = date(cycle.start_year + year - 1, CYCLE_YEAR_START_MONTH, 1)
    return first, date(cycle.start_year + year, CYCLE_YEAR_START_MONTH, 1) - timedelta(days=1)


class ExchangeRate(models.Model):
    """How many US dollars one unit of `currency` was worth on `on` (UN operational rate or bank rate)."""

    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code, e.g. EUR."))
    on = models.DateField(_("date"))
    usd_per_unit = models.DecimalField(_("USD per unit"), max_digits=16, decimal_places=6)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-on"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="finance_rate_unique_per_day"),
            models.CheckConstraint(condition=models.Q(usd_per_unit__gt=0), name="finance_rate_positive"),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="finance_rate_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD on {self.on}"


class Donor(models.Model):
    """A State party or another organization (e.g. the European Union's Commission, a foundation)."""

    state = models.OneToOneField(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="donor", verbose_name=_("State")
    )
    organization = models.CharField(
        _("organization"),
        max_length=200,
        blank=True,
        help_text=_("For donors that are not a State; matches the organization of DONOR memberships."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "state__name_en"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(state__isnull=False) & models.Q(organization=""))
                | (models.Q(state__isnull=True) & ~models.Q(organization="")),
                name="finance_donor_state_xor_organization",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(state__isnull=True),
                name="finance_donor_organization_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.state.name if self.state_id and self.state else self.organization

    @property
    def code(self) -> str:
        """ISO3 for a State, the organization's name otherwise (used in files and the API)."""
        return self.state.iso3 if self.state_id and self.state else self.organization


class Contribution(models.Model):
    """A voluntary contribution: pledged on a date, paid in one or more payments.

    The conditions a donor attaches (S004 ¶11: for what, which cycle, region or country, spent by
    when) are stored as they were pledged; `irm.finance.selectors` decides which requirements the
    money can pay for.
    """

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CASH)
    pledged_on = models.DateField(_("pledged on"))
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    usd_per_unit = models.DecimalField(_("rate (USD per unit)"), max_digits=16, decimal_places=6)
    rate_on = models.DateField(_("rate date"))
    amount_usd = money_field(_("amount in USD"))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What an in-kind contribution is.")
    )
    # Earmarking: empty = no condition of that kind.
    earmark_activity = models.CharField(
        _("earmarked for activity"), max_length=20, choices=Activity.choices, blank=True
    )
    earmark_cycle = models.ForeignKey(
        Cycle,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("earmarked cycle"),
    )
    earmark_region = models.CharField(
        _("earmarked region"), max_length=12, choices=RegionalGroup.choices, blank=True
    )
    earmark_state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("earmarked country"),
    )
    spend_by = models.DateField(_("to be spent by"), null=True, blank=True)
    earmark_purpose = models.CharField(_("purpose as stated"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pledged_on", "reference"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_contribution_positive"),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="finance_contribution_currency_iso"
            ),
        ]
        indexes = [models.Index(fields=["pledged_on"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.donor} {self.amount} {self.currency}"

    @property
    def is_earmarked(self) -> bool:
        return bool(
            self.earmark_activity
            or self.earmark_cycle_id
            or self.earmark_region
            or self.earmark_state_id
            or self.spend_by
        )

    @property
    def is_cash(self) -> bool:
        return self.kind == self.Kind.CASH


class Payment(models.Model):
    """Money received against a contribution, converted at the rate of the day it was received."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="payments")
    received_on = models.DateField(_("received on"))
    amount = money_field(_("amount"), help_text=_("In the contribution's currency."))
    usd_per_unit = models.DecimalField(_("rate (USD per unit)"), max_digits=16, decimal_places=6)
    rate_on = models.DateField(_("rate date"))
    amount_usd = money_field(_("amount in USD"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.contribution.reference}: {self.amount} on {self.received_on}"


class Requirement(models.Model):
    """The estimated need for one activity in one year of a cycle, from one source of funding.

    Estimates are revised (S004 ¶14: "a revised cost projection"); a revision is a new row with a
    later `estimated_on`. As at a date, the latest estimate made by then counts.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="finance_requirements")
    year = models.PositiveSmallIntegerField(
        _("year of the cycle"), help_text=_("1–5; later years are the cycle's extension.")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices)
    region = models.CharField(_("region"), max_length=12, choices=RegionalGroup.choices, blank=True)
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    amount_usd = money_field(_("amount in USD"))
    estimated_on = models.DateField(_("estimated on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["cycle__number", "year", "activity", "funding", "-estimated_on"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1), name="finance_requirement_year_positive"),
            models.UniqueConstraint(
                fields=["cycle", "year", "activity", "funding", "region", "estimated_on"],
                condition=models.Q(state__isnull=True),
                name="finance_requirement_unique_estimate",
            ),
            models.UniqueConstraint(
                fields=["cycle", "year", "activity", "funding", "state", "estimated_on"],
                condition=models.Q(state__isnull=False),
                name="finance_requirement_unique_estimate_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} y{self.year} {self.get_activity_display()} ({self.get_funding_display()})"

    @property
    def key(self) -> tuple:
        return (self.cycle_id, self.year, self.activity, self.funding, self.region, self.state_id)


class Expenditure(models.Model):
    """Money spent, per cycle, year of the cycle and activity; where possible the review it served."""

    spent_on = models.DateField(_("spent on"))
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="finance_expenditure")
    year = models.PositiveSmallIntegerField(_("year of the cycle"))
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices)
    amount_usd = money_field(_("amount in USD"))
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_expenditure",
        verbose_name=_("review"),
    )
    contribution = models.ForeignKey(
        Contribution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditure",
        verbose_name=_("charged to contribution"),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "id"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditure")
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1), name="finance_expenditure_year_positive"),
            models.CheckConstraint(condition=models.Q(amount_usd__gt=0), name="finance_expenditure_positive"),
        ]
        indexes = [models.Index(fields=["spent_on"]), models.Index(fields=["cycle", "year"])]

    def __str__(self) -> str:
        return (
            f"{self.spent_on} {self.cycle} y{self.year} {self.get_activity_display()}: {self.amount_usd} USD"
        )


class FinanceReport(models.Model):
    """A financial report as issued to the States (e.g. CAC/COSP/IRG/2022/5), with its figures frozen.

    The next report says what changed "since the previous report" against these figures, not
    against figures recomputed later from corrected data.
    """

    as_of = models.DateField(_("as at"), unique=True)
    symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    figures = models.JSONField(_("figures"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The day the secretariat published it: a public document from then on (issue 16 §7, R-FN1).
    #: Empty: a draft, seen by the secretariat only.
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("financial report")
        verbose_name_plural = _("financial reports")

    def __str__(self) -> str:
        return f"{self.symbol or _('Financial report')} as at {self.as_of}"
