"""The technical-assistance register (issue 20 §5–8): activities that answer States' TA needs.

A need is a finding of type `ta_need` (owned by `irm.findings`). An activity names its provider (a
donor State, an organization or a UNODC programme), the beneficiary State, the needs it answers
(through `ActivityNeed`, which says whether it answers a need fully or in part), its dates, status,
funding (a Decimal amount with its ISO 4217 currency) and where the record comes from. Entries are
proposed by focal points (for their State) or recorded by donors (for themselves) and count in the
reports only once the secretariat has validated them (`validated_at`). The rules that turn an
activity's links into met / partly met / unmet are in `irm/assistance/selectors.py` (NEED_RULES).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.findings.models import Finding
from irm.parties.models import State


class ProviderKind(models.TextChoices):
    STATE = "state", _("Donor State")
    ORGANIZATION = "organization", _("Organization")
    UNODC = "unodc", _("UNODC programme")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Coverage(models.TextChoices):
    FULL = "full", _("Answers the need fully")
    PARTIAL = "partial", _("Answers part of the need")


class NeedStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    UNMET = "unmet", _("Unmet")


class Activity(models.Model):
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("The provider's own reference, unique when given (imports match on it)."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    provider_kind = models.CharField(_("kind of provider"), max_length=12, choices=ProviderKind.choices)
    provider_state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_provided",
        verbose_name=_("donor State"),
    )
    provider_name = models.CharField(
        _("organization or programme"),
        max_length=200,
        blank=True,
        help_text=_("For an organization: as in the organization of its donor memberships."),
    )
    beneficiary = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="assistance_received",
        verbose_name=_("beneficiary State"),
    )
    needs = models.ManyToManyField(Finding, through="ActivityNeed", related_name="assistance_activities")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    amount = models.DecimalField(
        _("funding"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. EUR."))
    funding_source = models.CharField(_("source of funding"), max_length=200, blank=True)
    source = models.CharField(
        _("source of the record"), max_length=300, blank=True, help_text=_("A report, a letter, a web page.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("assistance activity")
        verbose_name_plural = _("assistance activities")
        indexes = [models.Index(fields=["beneficiary", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(provider_kind="state", provider_state__isnull=False, provider_name="")
                    | (
                        models.Q(provider_kind__in=["organization", "unodc"], provider_state__isnull=True)
                        & ~models.Q(provider_name="")
                    )
                ),
                name="assistance_provider_state_xor_name",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="assistance_dates_in_order",
            ),
            models.CheckConstraint(
                condition=(models.Q(amount__isnull=True) & models.Q(currency=""))
                | (models.Q(amount__gte=0) & models.Q(currency__regex=r"^[A-Z]{3}$")),
                name="assistance_amount_has_currency",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="assistance_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_label(self) -> str:
        if self.provider_state_id is not None:
            return str(self.provider_state)
        return self.provider_name

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class ActivityNeed(models.Model):
    """An activity answers a TA need (a `ta_need` finding of the beneficiary's reviews), fully or in part."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    need = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="assistance_links")
    coverage = models.CharField(max_length=8, choices=Coverage.choices, default=Coverage.FULL)

    class Meta:
        ordering = ["activity", "need"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "need"], name="assistance_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.need_id} ({self.coverage})"
