"""Draft resolutions and written statements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.models import TimeStampedModel
from irm.meetings.models.documents import Document
from irm.meetings.models.participation import Delegation
from irm.meetings.models.sessions import LANGUAGES, AgendaItem, Session


class ResolutionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CONSULTATIONS = "consultations", _("In informal consultations")
    APPROVED = "approved", _("Approved")
    ADOPTED = "adopted", _("Adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DraftResolution(TimeStampedModel):
    """A draft resolution, due one month before the session (decision 9/1, S002 §1(c))."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="draft_resolutions")
    title = models.CharField(max_length=500)
    submitted_by = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="draft_resolutions")
    sponsors = models.ManyToManyField("parties.State", related_name="+", blank=True)
    submitted_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    late_reason = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=16, choices=ResolutionStatus.choices, default=ResolutionStatus.SUBMITTED
    )
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolution_number = models.CharField(max_length=20, blank=True, help_text=_("e.g. 10/1 once adopted"))

    class Meta:
        ordering = ["session", "submitted_at"]
        verbose_name = _("draft resolution")
        verbose_name_plural = _("draft resolutions")

    def __str__(self) -> str:
        return self.title


class Statement(TimeStampedModel):
    """A written statement, posted on the session page unless the delegation objects (S002 §1(f))."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="statements")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="statements")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=255)
    language = models.CharField(max_length=2, choices=LANGUAGES, default="en")
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="meetings/statements/%Y/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish = models.BooleanField(
        default=True, help_text=_("Posted on the session page unless the delegation objects.")
    )

    class Meta:
        ordering = ["session", "created_at"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.title
