"""Draws of lots and what the secretariat records before them (volunteers, deferrals, exclusions).

The pairings themselves live on `irm.reviews.Review` (year, reviewer_1, reviewer_2); a `Draw`
keeps everything needed to re-run a draw from its seed and to prove its result unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.cycles.models import Cycle
from irm.parties.models import State


class Draw(models.Model):
    """One recorded draw: its inputs, seed, algorithm, candidate lists and result."""

    class Kind(models.TextChoices):
        YEAR_GROUPS = "year_groups", _("Year groups")
        REVIEWERS = "reviewers", _("Reviewers")
        REDRAW = "redraw", _("Re-draw")
        IMPORT = "import", _("Import of historical pairings")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    #: The State under review, for a re-draw.
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField(null=True, blank=True)
    algorithm = models.CharField(max_length=40, blank=True)
    inputs = models.JSONField(default=dict, help_text=_("Everything the draw depends on besides the seed."))
    candidates = models.JSONField(
        default=list, help_text=_("Each step: eligible, rejected and chosen States.")
    )
    result = models.JSONField(default=dict)
    digest = models.CharField(max_length=64, help_text=_("SHA-256 of inputs, seed, algorithm and result."))
    event_seq = models.PositiveBigIntegerField(null=True, blank=True, help_text=_("The audit event."))
    exceptional = models.BooleanField(
        default=False, help_text=_("A re-draw beyond the limit, decided by the secretariat.")
    )
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "id"]
        verbose_name = _("draw of lots")
        verbose_name_plural = _("draws of lots")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="redraw") | models.Q(state__isnull=False),
                name="lots_draw_redraw_has_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.get_kind_display()} #{self.pk}"


class Volunteer(models.Model):
    """A State volunteering to be reviewed in a given year (honoured before the lot)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="lot_volunteers")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "state"], name="lots_volunteer_unique")]

    def __str__(self) -> str:
        return f"{self.state.iso3} volunteers for year {self.year} of {self.cycle}"


class Deferral(models.Model):
    """A State under review in a year defers acting as reviewer in that year."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="lot_deferrals")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "state", "year"], name="lots_deferral_unique")
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} defers reviewing in year {self.year} of {self.cycle}"


class Exclusion(models.Model):
    """A State that reviews nobody in a cycle: its own review is suspended, or it opted out."""

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", _("Own review suspended")
        OPTED_OUT = "opted_out", _("Opted out")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="lot_exclusions")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "state"], name="lots_exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.state.iso3} excluded from {self.cycle} ({self.get_kind_display()})"


class RedrawRequest(models.Model):
    """A State under review asks for one or both of its reviewers to be drawn again (S000 ¶13).

    Filed by its focal point on the platform (or recorded by the secretariat from a letter); the
    secretariat grants it — which runs the re-draw — or declines it with a reason.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="redraw_requests")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    replace = models.JSONField(help_text=_("ISO3 codes of the reviewing States to replace."))
    reason = models.TextField()
    beyond_limit = models.BooleanField(
        default=False, help_text=_("Filed after the re-draws allowed: exceptional circumstances.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    draw = models.ForeignKey(Draw, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("re-draw request")
        verbose_name_plural = _("re-draw requests")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "state"],
                condition=models.Q(status="pending"),
                name="lots_one_pending_redraw_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} asks to re-draw {', '.join(self.replace)} ({self.cycle})"
