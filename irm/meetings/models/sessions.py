"""A session of a body, its agenda, the organization of work and joint meetings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import LANGUAGE_NAMES, localized
from irm.core.models import TimeStampedModel


class Body(models.TextChoices):
    COSP = "cosp", _("Conference of the States Parties")
    IRG = "irg", _("Implementation Review Group")
    WG_PREVENTION = "wg_prevention", _("Working Group on the Prevention of Corruption")
    WG_ASSET_RECOVERY = "wg_asset_recovery", _("Working Group on Asset Recovery")
    EG_COOPERATION = "eg_cooperation", _("Expert Meeting on International Cooperation")


#: The UN document symbol series of each body (S002 "Documents").
SYMBOL_PREFIX = {
    Body.COSP: "CAC/COSP",
    Body.IRG: "CAC/COSP/IRG",
    Body.WG_PREVENTION: "CAC/COSP/WG.4",
    Body.WG_ASSET_RECOVERY: "CAC/COSP/WG.2",
    Body.EG_COOPERATION: "CAC/COSP/EG.1",
}


#: The six official languages, as stored on files.
LANGUAGES = list(LANGUAGE_NAMES.items())


class Session(TimeStampedModel):
    """One session (or resumed session) of a body, e.g. CoSP 10 or IRG 13, second resumed session."""

    body = models.CharField(max_length=20, choices=Body.choices)
    number = models.PositiveSmallIntegerField()
    resumed_part = models.PositiveSmallIntegerField(
        default=0, help_text=_("0 for the regular session, 1 for the first resumed session, …")
    )
    slug = models.SlugField(max_length=40, unique=True)
    title_en = models.CharField(max_length=255)
    title_zh = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120)
    venue = models.CharField(max_length=200, blank=True)
    host_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_sessions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    opens_at = models.DateTimeField(
        help_text=_("Opening of the first meeting (credentials are due 24 h before).")
    )
    timezone = models.CharField(max_length=64, default="Europe/Vienna")
    hybrid = models.BooleanField(default=False)
    interpreted_meetings_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Meetings with interpretation in the six languages available.")
    )
    draft_resolution_deadline = models.DateField(null=True, blank=True)
    agenda_adopted_at = models.DateTimeField(null=True, blank=True)
    agenda_adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    final_agenda = models.JSONField(null=True, blank=True, help_text=_("The agenda as adopted."))
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-starts_on", "body"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number", "resumed_part"], name="meetings_session_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="meetings_session_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def symbol_prefix(self) -> str:
        return SYMBOL_PREFIX[Body(self.body)]

    @property
    def credentials_due_at(self) -> datetime:
        """Rule 18: credentials reach the secretariat if possible 24 hours before the opening."""
        return self.opens_at - timedelta(hours=24)

    @property
    def agenda_adopted(self) -> bool:
        return self.agenda_adopted_at is not None


class JointMeeting(models.Model):
    """Items considered jointly by several bodies (e.g. IRG with WG.2 and EG.1, S000 ¶3, ¶35)."""

    title_en = models.CharField(max_length=255)
    title_zh = models.CharField(max_length=255, blank=True)
    sessions = models.ManyToManyField(Session, related_name="joint_meetings")
    held_from = models.DateField()
    held_to = models.DateField()
    items_note = models.CharField(max_length=255, blank=True, help_text=_("Agenda items considered jointly."))

    class Meta:
        ordering = ["held_from"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self) -> str:
        return localized(self, "title")

    @property
    def title(self) -> str:
        return localized(self, "title")


class AgendaItem(models.Model):
    """An item ("2") or sub-item ("1 (f)") of a session's agenda, with its annotation."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.PositiveSmallIntegerField()
    letter = models.CharField(max_length=3, blank=True)
    title_en = models.CharField(max_length=500)
    title_zh = models.CharField(max_length=500, blank=True)
    annotation_en = models.TextField(blank=True)
    annotation_zh = models.TextField(blank=True)

    class Meta:
        ordering = ["session", "number", "letter"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number", "letter"], name="meetings_agenda_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    @property
    def label(self) -> str:
        return f"{self.number} ({self.letter})" if self.letter else str(self.number)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def annotation(self) -> str:
        return localized(self, "annotation")


class SlotPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class WorkSlot(models.Model):
    """One meeting of the organization of work: a day, a half-day, a room, the items taken up.

    Several slots on the same day and part in different rooms are parallel meetings.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="work_slots")
    date = models.DateField()
    part = models.CharField(max_length=10, choices=SlotPart.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    room = models.CharField(max_length=80, default="Plenary")
    interpreted = models.BooleanField(default=True, help_text=_("Interpretation in the six languages."))
    items = models.ManyToManyField(AgendaItem, related_name="work_slots", blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "room"]
        verbose_name = _("meeting of the organization of work")
        verbose_name_plural = _("organization of work")
        constraints = [
            models.UniqueConstraint(fields=["session", "date", "part", "room"], name="meetings_slot_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meetings_slot_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_part_display()} ({self.room})"
