from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.core.i18n import localized

#: The completion threshold is a proposal, not a decision of the Conference (docs/RULES.md R-C1): some
#: speakers suggested 70 % at the Group's resumed thirteenth session, citing the organized-crime review
#: mechanism (seed S000 ¶18), and a later draft paired it with the extension of the cycle.
THRESHOLD_STATUS = "proposal"
THRESHOLD_SOURCE = _(
    "A proposal, not adopted: suggested by some speakers at the resumed thirteenth session of the "
    "Implementation Review Group (S000 ¶18, after the 70 per cent of the review mechanism of the "
    "Organized Crime Convention), and paired with the extension of the cycle in a later draft."
)


class Cycle(models.Model):
    """A review cycle: what is reviewed, over which years, and the rules of its draws."""

    number = models.PositiveSmallIntegerField(unique=True)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)
    name_ru = models.CharField(max_length=120, blank=True)
    name_es = models.CharField(max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField()
    years = models.PositiveSmallIntegerField(default=5)
    year_shares = models.JSONField(
        default=list,
        help_text=_("Share of the parties drawn for each year, e.g. [0.25, 0.25, 0.25, 0.25, 0]."),
    )
    late_joiners_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Year in which States that join after the draw are reviewed.")
    )
    chapters = models.ManyToManyField(Chapter, related_name="cycles")
    articles = models.ManyToManyField(Article, related_name="cycles")
    deadline = models.DateField(null=True, blank=True)
    completion_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.700"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    max_reviews_per_reviewer = models.PositiveSmallIntegerField(default=3)
    max_reviews_per_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Reviews a State may be drawn for in one year of the cycle (empty: no limit per year)."),
    )
    late_joiners_after = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "States that deposit after this day are reviewed in the late-joiners year, never before the "
            "year of their deposit (empty: 1 January of the first year)."
        ),
    )
    joiners_complete_after = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "States that deposit after this day are reviewed on this cycle's chapters from the year of "
            "their deposit, completing within the years below (resolution 6/1)."
        ),
    )
    joiners_complete_within_years = models.PositiveSmallIntegerField(null=True, blank=True)
    late_joiners_source = models.TextField(blank=True)
    max_redraws = models.PositiveSmallIntegerField(
        default=2, help_text=_("Re-draws a State under review may ask for without a secretariat decision.")
    )
    source = models.CharField(max_length=255, blank=True)
    # Reminders continue until the stage is done (issue 16 §7): the period and the delay before the
    # secretariat is alerted are the project's settings, not numbers adopted by the Conference (R-T3).
    reminder_every_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Days between two reminders about a step that is overdue (until it is done)."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Days after its due date at which a step still not done is escalated to the secretariat."
        ),
    )
    reminders_source = models.TextField(blank=True)
    # A regional economic integration organization that is a party (the EU, seed S000 para. 8) is
    # in no regional group: whether it is reviewed in this cycle and whether it may be drawn as a
    # reviewer are settings. No adopted rule on the EU as a reviewer is known (docs/RULES.md).
    reio_under_review = models.BooleanField(
        default=False,
        help_text=_(
            "A regional economic integration organization that is a party is reviewed in this cycle."
        ),
    )
    reio_eligible_as_reviewer = models.BooleanField(
        default=False,
        help_text=_(
            "A regional economic integration organization may be drawn as a reviewing party in this cycle."
        ),
    )
    reio_source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(condition=models.Q(years__gte=1), name="cycles_cycle_years_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def end_year(self) -> int:
        return self.start_year + self.years - 1

    def current_deadline(self, *, include_proposed: bool = False) -> date | None:
        """The deadline after every decided (and optionally proposed) extension."""
        extensions = [
            e.until
            for e in self.extensions.all()
            if include_proposed or e.status == CycleExtension.Status.DECIDED
        ]
        return max([d for d in [self.deadline, *extensions] if d is not None], default=None)


class CycleExtension(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECIDED = "decided", _("Decided")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField()
    decision = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DECIDED)

    class Meta:
        ordering = ["cycle", "until"]
        constraints = [models.UniqueConstraint(fields=["cycle", "until"], name="cycles_extension_unique")]

    def __str__(self) -> str:
        return f"{self.cycle} → {self.until} ({self.get_status_display()})"


class TACategory(models.Model):
    """A category of technical-assistance need in a cycle's taxonomy."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="ta_categories")
    code = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    name_en = models.CharField(max_length=200)
    name_zh = models.CharField(max_length=200, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    name_fr = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    name_es = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["cycle", "order"]
        verbose_name = _("technical-assistance category")
        verbose_name_plural = _("technical-assistance categories")
        constraints = [models.UniqueConstraint(fields=["cycle", "code"], name="cycles_tacategory_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
