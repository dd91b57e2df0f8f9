from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.cycles.models import Cycle
from irm.parties.models import State


class Stage(models.TextChoices):
    """The stages of a country review, in order (S000 ¶14–24; DOMAIN.md "A country review")."""

    LOTS_DRAWN = "lots_drawn", _("Lots drawn")
    FOCAL_POINT_NOMINATED = "focal_point_nominated", _("Focal point nominated")
    KICK_OFF_HELD = "kick_off_held", _("Kick-off call held")
    CHECKLIST_SUBMITTED = "checklist_submitted", _("Checklist answer submitted")
    CHECKLIST_CIRCULATED = "checklist_circulated", _("Answer translated and circulated")
    DESK_REVIEW_DONE = "desk_review_done", _("Desk review done")
    DIRECT_DIALOGUE_HELD = "direct_dialogue_held", _("Direct dialogue held")
    DRAFT_REPORT_SENT = "draft_report_sent", _("Draft report sent")
    SUMMARY_AGREED = "summary_agreed", _("Executive summary agreed")
    REPORT_FINALIZED = "report_finalized", _("Country report finalized")
    SUMMARY_PUBLISHED = "summary_published", _("Executive summary published")
    REPORT_PUBLISHED = "report_published", _("Country report published")
    FOLLOW_UP = "follow_up", _("Follow-up")

    @classmethod
    def ordered(cls) -> list[Stage]:
        return list(cls)

    @property
    def index(self) -> int:
        return list(Stage).index(self)


class DialogueType(models.TextChoices):
    ON_SITE = "on_site", _("Country visit on site")
    ONLINE = "online", _("Country visit online")
    HYBRID = "hybrid", _("Country visit, hybrid")
    JOINT_MEETING = "joint_meeting", _("Joint meeting in Vienna")


class Review(models.Model):
    """The review of one State party in one cycle, by two reviewing States.

    The pairing (reviewer_1, reviewer_2) is written by the drawing of lots (`irm.lots`), or by an
    import of historical pairings; the workflow (`services.py`) moves `stage` forward and records
    each stage's date in a Milestone.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reviews")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Year of the cycle (1–5)."))
    reviewer_1 = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_as_reviewer_1"
    )
    reviewer_2 = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_as_reviewer_2"
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.LOTS_DRAWN)
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    languages = models.JSONField(
        default=list, blank=True, help_text=_('Working languages, e.g. ["en", "fr"].')
    )
    is_suspended = models.BooleanField(default=False)
    report_publication_consent = models.BooleanField(
        default=False, help_text=_("The State agreed to publish its full country report.")
    )
    consent_recorded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "state__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "state"], name="reviews_review_one_per_cycle"),
            models.CheckConstraint(
                condition=~models.Q(reviewer_1=models.F("state")) & ~models.Q(reviewer_2=models.F("state")),
                name="reviews_review_not_own_reviewer",
            ),
            models.CheckConstraint(
                condition=models.Q(reviewer_1__isnull=True)
                | models.Q(reviewer_2__isnull=True)
                | ~models.Q(reviewer_1=models.F("reviewer_2")),
                name="reviews_review_distinct_reviewers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.cycle}"

    @property
    def reviewers(self) -> list[State]:
        return [s for s in (self.reviewer_1, self.reviewer_2) if s is not None]

    def reached(self, stage: Stage) -> bool:
        return Stage(self.stage).index >= stage.index


class Milestone(models.Model):
    """One stage of one review: when it is due and when it was done."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "due_on"]
        constraints = [models.UniqueConstraint(fields=["review", "stage"], name="reviews_milestone_unique")]
        indexes = [models.Index(fields=["stage", "done_on"])]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_stage_display()}"


class DirectDialogue(models.Model):
    """The country visit (on site, online, hybrid) or the joint meeting in Vienna."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="direct_dialogue")
    kind = models.CharField(max_length=20, choices=DialogueType.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    other_stakeholders = models.BooleanField(
        default=False, help_text=_("Civil society, private sector or academia took part.")
    )
    participants = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.review}: {self.get_kind_display()}"


class ReviewExpert(models.Model):
    """A governmental expert acting on a review, for a reviewing State."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="experts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="reviews_expert_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.state.iso3}) on {self.review}"
