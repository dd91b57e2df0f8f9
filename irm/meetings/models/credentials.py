"""Credentials of the parties' representatives and the bureau's report on them (rules 18-20)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.models import TimeStampedModel
from irm.meetings.models.participation import Delegation
from irm.meetings.models.sessions import Session


class Issuer(models.TextChoices):
    """Rule 18: who may issue credentials."""

    HEAD_OF_STATE = "head_of_state", _("Head of State")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
    FOREIGN_MINISTER = "foreign_minister", _("Minister for Foreign Affairs")
    PERMANENT_REPRESENTATIVE = "permanent_representative", _("Permanent Representative to the United Nations")
    REIO_AUTHORITY = "reio_authority", _("Competent authority of the regional organization")


class CredentialStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting the bureau")
    ACCEPTED = "accepted", _("Accepted by the bureau")
    NOT_IN_ORDER = "not_in_order", _("Not in due form")
    CHALLENGED = "challenged", _("Challenged by another party: the Conference decides")


class Credential(TimeStampedModel):
    """Credentials of a party's representatives (rules 18–20). Until the bureau decides, provisional."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="credentials")
    issuer = models.CharField(max_length=28, choices=Issuer.choices)
    is_original = models.BooleanField(default=True, help_text=_("Formal credentials, not a copy or a note."))
    file = models.FileField(upload_to="meetings/credentials/%Y/", blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(default=False, help_text=_("Received less than 24 hours before the opening."))
    status = models.CharField(
        max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.SUBMITTED
    )
    examined_at = models.DateTimeField(null=True, blank=True)
    examination_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delegation", "-submitted_at"]
        verbose_name = _("credentials")
        verbose_name_plural = _("credentials")

    def __str__(self) -> str:
        return f"credentials of {self.delegation}"


class CredentialsReport(models.Model):
    """The bureau's report on credentials (rule 19), generated from the records and kept as adopted."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="credentials_report")
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField()
    adopted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"credentials report of {self.session}"
