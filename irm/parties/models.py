from __future__ import annotations

from datetime import date

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
    """The project's classification (terms of reference para. 19 names none): see docs/RULES.md."""

    UNKNOWN = "", _("Not recorded")
    COMMON_LAW = "common_law", _("Common law")
    CIVIL_LAW = "civil_law", _("Civil law")
    MIXED = "mixed", _("Mixed")
    ISLAMIC = "islamic", _("Islamic law")
    CUSTOMARY = "customary", _("Customary law")
    OTHER = "other", _("Other")


class PartyKind(models.TextChoices):
    STATE = "state", _("State")
    REIO = "reio", _("Regional economic integration organization")


class Instrument(models.TextChoices):
    """The kind of instrument deposited with the Secretary-General (art. 67 of the Convention)."""

    UNKNOWN = "", _("Not recorded")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")


class State(models.Model):
    """A party to the Convention (a State, or the European Union as a regional organization).

    The ISO3 code (EUU for the EU) is the public identifier everywhere: URLs, API, files.
    Each reference value has a `ValueSource` row saying where it comes from and whether a
    reachable source confirmed it.
    """

    iso3 = models.CharField(max_length=3, unique=True)
    kind = models.CharField(max_length=5, choices=PartyKind.choices, default=PartyKind.STATE)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    name_fr = models.CharField(max_length=120, blank=True)
    name_ru = models.CharField(max_length=120, blank=True)
    name_es = models.CharField(max_length=120, blank=True)
    formal_name_en = models.CharField(max_length=200, blank=True)
    formal_name_zh = models.CharField(max_length=200, blank=True)
    formal_name_ar = models.CharField(max_length=200, blank=True)
    formal_name_fr = models.CharField(max_length=200, blank=True)
    formal_name_ru = models.CharField(max_length=200, blank=True)
    formal_name_es = models.CharField(max_length=200, blank=True)
    regional_group = models.CharField(max_length=12, choices=RegionalGroup.choices)
    signature_date = models.DateField(null=True, blank=True)
    party_since = models.DateField(
        null=True,
        blank=True,
        help_text=_("Date the instrument of ratification, acceptance, approval or accession was deposited."),
    )
    instrument = models.CharField(max_length=12, choices=Instrument.choices, blank=True)
    entry_into_force = models.DateField(
        null=True, blank=True, help_text=_("Date the Convention entered into force for the party (art. 68).")
    )
    party_by = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the deposit date is not known: a date by which the party is known to be a party."),
    )
    competence_declaration = models.TextField(
        blank=True,
        help_text=_("A regional organization's declaration of the extent of its competence (art. 67)."),
    )
    legal_system = models.CharField(max_length=20, choices=LegalSystem.choices, blank=True)
    legal_system_components = models.CharField(max_length=200, blank=True)
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
    def formal_name(self) -> str:
        return localized(self, "formal_name")

    @property
    def has_regional_group(self) -> bool:
        return self.regional_group != RegionalGroup.NONE

    def in_force_on(self, on: date) -> bool:
        """The Convention was in force for this party on `on` (art. 68).

        Without a recorded entry into force, only from the date it is known to be a party by.
        """
        if self.entry_into_force is not None:
            return self.entry_into_force <= on
        return self.party_by is not None and self.party_by <= on

    @property
    def is_organization(self) -> bool:
        return self.kind == PartyKind.REIO


class ValueSource(models.Model):
    """Where one reference value of a party comes from, and whether a reachable source confirmed it.

    A value the secretariat corrected is `corrected`: `irm init` never overwrites it.
    """

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Confirmed by the source named")
        UNVERIFIED = "unverified", _("Not confirmed by an official source")
        CORRECTED = "corrected", _("Corrected by the secretariat")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="sources")
    field = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNVERIFIED)
    source = models.CharField(max_length=500, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["state", "field"]
        verbose_name = _("source of a reference value")
        verbose_name_plural = _("sources of reference values")
        constraints = [models.UniqueConstraint(fields=["state", "field"], name="parties_valuesource_unique")]

    def __str__(self) -> str:
        return f"{self.state.iso3}.{self.field}: {self.status}"


class StateAlias(models.Model):
    """Another name a State is known by: historical (an earlier UN name), common, or a transliteration."""

    class Kind(models.TextChoices):
        HISTORICAL = "historical", _("Earlier name")
        COMMON = "common", _("Common name")
        TRANSLITERATION = "transliteration", _("Transliteration variant")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, help_text=_("The alias normalised for matching."))
    language = models.CharField(max_length=5, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMMON)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("State alias")
        verbose_name_plural = _("State aliases")

    def __str__(self) -> str:
        return f"{self.alias} → {self.state.iso3}"
