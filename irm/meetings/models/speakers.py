"""Lists of speakers, the delegations' places on them and swaps (S002 §1 (f))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.models import TimeStampedModel
from irm.meetings.models.participation import Delegation, Rank, is_ministerial
from irm.meetings.models.sessions import AgendaItem, Session
from irm.parties.models import RegionalGroup


class SpeakersList(models.Model):
    """A list of speakers for one agenda item (S002 §1(f) for the general discussion)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers_lists")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers_lists")
    opens_at = models.DateTimeField(help_text=_("Requests received before this are not kept."))
    closes_at = models.DateTimeField()
    item_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Consideration of the item ends; remaining speakers are offered another item."),
    )
    auto_close = models.BooleanField(
        default=True,
        help_text=_("Close the item automatically at its set time (the worker checks every minute)."),
    )
    video_deadline = models.DateTimeField(null=True, blank=True)
    speaking_minutes = models.PositiveSmallIntegerField(default=4)
    speaking_words = models.PositiveSmallIntegerField(default=400)
    group_chair_minutes = models.PositiveSmallIntegerField(default=7)
    next_seq = models.PositiveIntegerField(default=1)
    current_entry = models.ForeignKey(
        "SpeakerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_started_at = models.DateTimeField(null=True, blank=True)
    item_closed_at = models.DateTimeField(null=True, blank=True)
    offered_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The item offered to the speakers still waiting when the item closes."),
    )

    class Meta:
        ordering = ["session", "agenda_item"]
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")
        constraints = [
            models.UniqueConstraint(fields=["session", "agenda_item"], name="meetings_one_list_per_item"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="meetings_list_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.agenda_item.label}"


class SpeakerMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Pre-recorded video")


class EntryStatus(models.TextChoices):
    REGISTERED = "registered", _("Inscribed")
    SPOKE = "spoke", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OFFERED = "offered", _("Offered another item")
    MOVED = "moved", _("Moved to another item")
    DECLINED = "declined", _("Declined the other item")


ACTIVE_STATUSES = [EntryStatus.REGISTERED, EntryStatus.OFFERED]


class SpeakerEntry(TimeStampedModel):
    """One delegation's place on a list of speakers.

    Order: ministerial-or-higher speakers first, then the others; within each tier by `sort_at`
    (the time the request was received, or the time of a ministerial → non-ministerial change
    notice) and `sort_seq` (order of receipt, which breaks ties). A swap exchanges both.
    """

    speakers_list = models.ForeignKey(SpeakersList, on_delete=models.CASCADE, related_name="entries")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="speaker_entries")
    speaker_name = models.CharField(max_length=200)
    speaker_function = models.CharField(max_length=255, blank=True)
    rank = models.CharField(max_length=20, choices=Rank.choices)
    on_behalf_of_group = models.CharField(
        max_length=12,
        choices=RegionalGroup.choices,
        blank=True,
        help_text=_("Chair of a regional group speaking on its behalf (7 minutes)."),
    )
    mode = models.CharField(max_length=10, choices=SpeakerMode.choices, default=SpeakerMode.IN_PERSON)
    video_url = models.URLField(max_length=500, blank=True)
    video_submitted_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField()
    sort_at = models.DateTimeField()
    sort_seq = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.REGISTERED)
    offered_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    spoke_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["speakers_list", "sort_at", "sort_seq"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "delegation"],
                condition=~models.Q(status="withdrawn"),
                name="meetings_one_entry_per_delegation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.speaker_name}"

    @property
    def ministerial(self) -> bool:
        return is_ministerial(self.rank)

    @property
    def tier(self) -> int:
        return 0 if self.ministerial else 1

    @property
    def minutes(self) -> int:
        lst = self.speakers_list
        return lst.group_chair_minutes if self.on_behalf_of_group else lst.speaking_minutes


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    DONE = "done", _("Swapped")
    CANCELLED = "cancelled", _("Cancelled")


class SwapRequest(models.Model):
    """Two delegations at the same level exchange places, each confirming in writing (S002 §1(f)(c))."""

    speakers_list = models.ForeignKey(SpeakersList, on_delete=models.CASCADE, related_name="swaps")
    first = models.ForeignKey(SpeakerEntry, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(SpeakerEntry, on_delete=models.CASCADE, related_name="+")
    first_confirmation = models.TextField(blank=True)
    first_confirmed_at = models.DateTimeField(null=True, blank=True)
    first_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_confirmation = models.TextField(blank=True)
    second_confirmed_at = models.DateTimeField(null=True, blank=True)
    second_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=SwapStatus.choices, default=SwapStatus.PENDING)
    requested_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="meetings_swap_two_entries"
            ),
        ]

    def __str__(self) -> str:
        return f"swap {self.first_id} ↔ {self.second_id} ({self.status})"
