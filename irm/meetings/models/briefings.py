"""Briefings for non-governmental organizations on the margins of sessions of the Implementation
Review Group (resolution 4/6): the Group does not admit NGOs as observers (`IRG_OBSERVERS`)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import localized
from irm.core.models import TimeStampedModel
from irm.meetings.models.sessions import Session


class NgoBriefing(TimeStampedModel):
    """One briefing: when and where, on what, and which NGOs are invited (`invitations`)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ngo_briefings")
    date = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    room = models.CharField(max_length=80)
    topic_en = models.CharField(max_length=500)
    topic_zh = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["session", "date", "starts_at"]
        verbose_name = _("briefing for non-governmental organizations")
        verbose_name_plural = _("briefings for non-governmental organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meetings_briefing_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M} {self.topic}"

    @property
    def topic(self) -> str:
        return localized(self, "topic")


class BriefingInvitation(models.Model):
    """An NGO invited to a briefing, by name (as an observer's membership names its organization)."""

    briefing = models.ForeignKey(NgoBriefing, on_delete=models.CASCADE, related_name="invitations")
    organization = models.CharField(max_length=200)

    class Meta:
        ordering = ["briefing", "organization"]
        constraints = [
            models.UniqueConstraint("briefing", Lower("organization"), name="meetings_briefing_invitation"),
        ]

    def __str__(self) -> str:
        return self.organization
