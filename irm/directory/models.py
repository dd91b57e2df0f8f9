"""The directory of competent authorities and the notifications of each State (issue 21 §1–2).

One `Entry` per (State, provision, authority): the notifications the Convention asks for or allows
(`Provision`) and, beside them, directory practice (requests by e-mail or a secure electronic channel,
S001 ¶35). Contact fields (address, phone, e-mail, website) are restricted unless the entry says they
are public (`contacts_public`): who may read them is `permissions.can_view_contacts`.
Every applied change writes a `Version` (the whole entry as it became); focal points propose changes
(`Proposal`), the secretariat approves them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provision(models.TextChoices):
    """What the Convention asks States to notify to the Secretary-General (or allows them to)."""

    PREVENTION = "6.3", _("Article 6(3): authorities that can help other States develop preventive measures")
    LAWS_LAUNDERING = "23.2.d", _("Article 23(2)(d): copies of laws against the laundering of proceeds")
    EXTRADITION_BASIS = "44.6.a", _("Article 44(6)(a): the Convention as the legal basis for extradition")
    MLA_AUTHORITY = "46.13", _("Article 46(13): central authority for mutual legal assistance")
    MLA_LANGUAGES = "46.14", _("Article 46(14): languages accepted for requests")
    LAWS_CONFISCATION = "55.5", _("Article 55(5): copies of laws on confiscation")
    DISPUTE_RESERVATION = "66.3", _("Article 66(3): reservation on the settlement of disputes")
    RESERVATION_WITHDRAWN = "66.4", _("Article 66(4): withdrawal of that reservation")

    @classmethod
    def article_of(cls, value: str) -> int:
        return int(value.split(".")[0])


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


#: The fields of an entry a version keeps and a proposal or an import row sets.
DATA_FIELDS = (
    "authority",
    "address",
    "phone",
    "email",
    "website",
    "languages",
    "accepts_electronic_requests",
    "interpol_in_urgent_cases",
    "procedural_requirements",
    "contacts_public",
    "notes",
)
#: The contact fields: shown only to those allowed, unless the entry makes them public.
CONTACT_FIELDS = ("address", "phone", "email", "website")


class Entry(models.Model):
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="directory_entries")
    provision = models.CharField(max_length=8, choices=Provision.choices)
    article = models.ForeignKey("convention.Article", on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(max_length=300, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text=_("Language codes (ISO 639-1)."))
    accepts_electronic_requests = models.CharField(
        max_length=7, choices=Answer.choices, default=Answer.UNKNOWN
    )
    interpol_in_urgent_cases = models.CharField(max_length=7, choices=Answer.choices, default=Answer.UNKNOWN)
    procedural_requirements = models.TextField(blank=True)
    contacts_public = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    as_of = models.DateField(help_text=_("The date the information is valid as of."))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state__name_en", "provision", "authority"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "provision", "authority"], name="directory_entry_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} {self.provision} {self.authority}"


class Version(models.Model):
    """An entry as one change left it: every version is kept."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    as_of = models.DateField()
    source = models.CharField(max_length=20)  # "import", "proposal", "secretariat"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="directory_version_unique")]

    def __str__(self) -> str:
        return f"{self.entry} v{self.number}"


class Proposal(models.Model):
    """A change a focal point (or the secretariat) proposes for a State's entry, or a new entry."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the secretariat")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    provision = models.CharField(max_length=8, choices=Provision.choices)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    base_version = models.PositiveIntegerField(default=0)
    data = models.JSONField()
    as_of = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"proposal {self.pk} {self.state.iso3} {self.provision} ({self.status})"
