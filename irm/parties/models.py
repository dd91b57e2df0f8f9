from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import localized


class RegionalGroup(models.TextChoices):
    AFRICA = "AFRICA", _("African States")
    ASIA_PACIFIC = "ASIA_PACIFIC", _("Asia-Pacific States")
    EEG = "EEG", _("Eastern European States")
    GRULAC = "GRULAC", _("Latin American and Caribbean States")
    WEOG = "WEOG", _("Western European and other States")
    NONE = "NONE", _("No regional group")


class LegalSystem(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    COMMON_LAW = "common_law", _("Common law")
    CIVIL_LAW = "civil_law", _("Civil law")
    MIXED = "mixed", _("Mixed")
    ISLAMIC = "islamic", _("Islamic law")
    OTHER = "other", _("Other")


class State(models.Model):
    """A party to the Convention (a State, or the European Union as a regional organization).

    The ISO3 code (EUU for the EU) is the public identifier everywhere: URLs, API, files.
    """

    iso3 = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)
    name_ru = models.CharField(max_length=120, blank=True)
    name_es = models.CharField(max_length=120, blank=True)
    regional_group = models.CharField(max_length=12, choices=RegionalGroup.choices)
    party_since = models.DateField(null=True, blank=True, help_text=_("Date the State became a party."))
    legal_system = models.CharField(max_length=20, choices=LegalSystem.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("State party")
        verbose_name_plural = _("States parties")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def has_regional_group(self) -> bool:
        return self.regional_group != RegionalGroup.NONE


class StateAlias(models.Model):
    """Another name a State is known by: short, historical, former, or a common misspelling."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, help_text=_("The alias normalised for matching."))

    class Meta:
        verbose_name = _("State alias")
        verbose_name_plural = _("State aliases")

    def __str__(self) -> str:
        return f"{self.alias} → {self.state.iso3}"
