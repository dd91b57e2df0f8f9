"""Officers of a session (rule 22)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.meetings.models.sessions import Session
from irm.parties.models import RegionalGroup


class Office(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    PRESIDING = "presiding", _("Presiding officer")


BUREAU_OFFICES = [Office.PRESIDENT, Office.VICE_PRESIDENT, Office.RAPPORTEUR]


class BureauMember(models.Model):
    """An officer of a session (rule 22: a president, three vice-presidents and a rapporteur)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="officers")
    office = models.CharField(max_length=16, choices=Office.choices)
    person_name = models.CharField(max_length=200, blank=True)
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    regional_group = models.CharField(max_length=12, choices=RegionalGroup.choices)
    elected_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["session", "office", "state__name_en"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(office="president"), name="meetings_one_president"
            ),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(office="rapporteur"), name="meetings_one_rapporteur"
            ),
            models.UniqueConstraint(
                fields=["session", "regional_group"],
                condition=models.Q(office__in=["president", "vice_president", "rapporteur"]),
                name="meetings_bureau_one_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}: {self.person_name or self.state}"
