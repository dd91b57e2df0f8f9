from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.cycles.models import Cycle
from irm.parties.models import State


class Stage(models.TextChoices):
    """The stages of a country review, in order (S000 ¶14–24; DOMAIN.md "A country review")."""

    LOTS_DRAWN = "lots_drawn", _("Lots drawn")
    #: The start of the review: the secretariat notifies the State under review (the indicative
    #: timeline of the guidelines counts from here, not from the draw; docs/RULES.md R-T1).
    REVIEW_NOTIFIED = "review_notified", _("Review started: State under review notified")
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
    def index(self) -> int:  # type: ignore[override]
        # A lookup, not list(Stage).index(self): the process analytics ask it about a million times
        # for one page of the whole cycle (a fifth of that page's time).
        return _STAGE_INDEX[self]


_STAGE_INDEX: dict[Stage, int] = {stage: number for number, stage in enumerate(Stage)}


class DialogueType(models.TextChoices):
    ON_SITE = "on_site", _("Country visit on site")
    ONLINE = "online", _("Country visit online")
    HYBRID = "hybrid", _("Country visit, hybrid")
    JOINT_MEETING = "joint_meeting", _("Joint meeting in Vienna")
    #: Without the State's agreement to a visit or a joint meeting: other means of dialogue
    #: (video conferences, exchanges in writing; docs/RULES.md R-T2).
    OTHER_MEANS = "other_means", _("Other means of dialogue")

    @classmethod
    def needs_agreement(cls) -> frozenset[str]:
        """A country visit or a joint meeting takes place only with the State under review's agreement."""
        return frozenset({cls.ON_SITE, cls.ONLINE, cls.HYBRID, cls.JOINT_MEETING})


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
    state_agreed = models.BooleanField(
        default=False,
        help_text=_("The State under review agreed to a country visit or a joint meeting in Vienna."),
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


# --- The workflow around a review: timeline, delays, suspensions, experts, reminders ---------------


class TimelineStep(models.Model):
    """One line of a cycle's indicative timeline: a stage is due `days` after the stage before it.

    The steps are editable per cycle (`irm.reviews.services.set_timeline_step`); the defaults come
    from the indicative timeline of the guidelines (`timeline.DEFAULT_TIMELINE`). A step anchored at
    the start counts from the start of the review — the notification to the State under review
    ("direct dialogue by month 5"); otherwise it counts from the previous stage's actual date, or its
    due date while it is not done. No stage is due before the stage it follows.
    """

    class Anchor(models.TextChoices):
        PREVIOUS = "previous", _("After the previous stage")
        START = "start", _("After the start of the review (the notification)")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="timeline_steps")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Days allowed; empty means the stage has no due date.")
    )
    anchor = models.CharField(max_length=10, choices=Anchor.choices, default=Anchor.PREVIOUS)

    class Meta:
        verbose_name = _("indicative timeline step")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "stage"], name="reviews_timelinestep_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_stage_display()} +{self.days}d"


class DelayReason(models.TextChoices):
    EXPERT_NOMINATION = "expert_nomination", _("Nomination of experts")
    FOCAL_POINT = "focal_point", _("Nomination of the focal point")
    CHECKLIST = "checklist", _("Checklist not finished")
    TRANSLATION = "translation", _("Translation")
    PANDEMIC = "pandemic", _("Pandemic")
    POLITICAL = "political", _("Political situation")
    SCHEDULING = "scheduling", _("Scheduling of the direct dialogue")
    COMMENTS = "comments", _("Comments on the draft")
    OTHER = "other", _("Other")


class Delay(models.Model):
    """A recorded reason why a stage is late, with the new target date (overrides the due date)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="delays")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    category = models.CharField(max_length=30, choices=DelayReason.choices)
    reason = models.TextField(blank=True)
    new_due_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "recorded_at", "id"]
        indexes = [models.Index(fields=["review", "stage"])]

    def __str__(self) -> str:
        return (
            f"{self.review}: {self.get_stage_display()} → {self.new_due_on} ({self.get_category_display()})"
        )


class Suspension(models.Model):
    """A period during which a review was suspended (by the State or the secretariat)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="suspensions")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=models.Q(ended_on__isnull=True),
                name="reviews_one_open_suspension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: suspended {self.started_on}–{self.ended_on or ''}"


class ExpertNomination(models.Model):
    """A governmental expert on a State's list (up to 15 active per State, S000 ¶18; ToR ¶21)."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="expert_nominations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nominated_on = models.DateField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["state", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["state", "user"], name="reviews_expertnomination_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.state.iso3})"


class ReviewOfficer(models.Model):
    """A secretariat officer following a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="reviews_officer_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.review}"


class Reminder(models.Model):
    """A reminder e-mail that was sent: one per milestone, person, kind, due date and repeat, never twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        OVERDUE = "overdue", _("After the due date")
        ESCALATED = "escalated", _("Escalated to the secretariat")

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    #: Overdue reminders repeat every `Cycle.reminder_every_days`: 0 for the first, 1 for the next…
    sequence = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "user", "kind", "due_on", "sequence"], name="reviews_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.user} for {self.milestone}"


class CalendarFeed(models.Model):
    """The secret token of a user's iCalendar feed of deadlines (a URL calendar apps subscribe to)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
