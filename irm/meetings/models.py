"""Sessions of the Conference and its subsidiary bodies (S002, S000 §II, DOMAIN.md "Sessions").

The app is called `meetings` because Django's own `sessions` label is taken. Rules of procedure
referred to below are those of the Conference of the States Parties (rules 14–22, 45).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import LANGUAGE_NAMES, localized
from irm.core.models import TimeStampedModel
from irm.parties.models import RegionalGroup


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


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    NOTE = "note", _("Note by the Secretariat")
    CRP = "crp", _("Conference room paper")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    STATEMENT = "statement", _("Statement")
    AGENDA = "agenda", _("Provisional agenda and annotations")
    OTHER = "other", _("Other")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted")


class Document(TimeStampedModel):
    """A session document with its UN symbol (e.g. CAC/COSP/2023/10) and a file per language."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    symbol = models.CharField(max_length=80, unique=True)
    title_en = models.CharField(max_length=500)
    title_zh = models.CharField(max_length=500, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    issued_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.NOTE)
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.PUBLIC)

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def file_stem(self) -> str:
        """The symbol as a file name: CAC/COSP/2023/10 → CAC_COSP_2023_10."""
        return re.sub(r"[^A-Za-z0-9.]+", "_", self.symbol).strip("_")


class DocumentFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=2, choices=LANGUAGES)
    file = models.FileField(upload_to="meetings/documents/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="meetings_document_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} [{self.language}]"


class OutputKind(models.TextChoices):
    TA_NEEDS_ANALYSIS = "ta_needs_analysis", _("Technical-assistance needs analysis")
    REVIEW = "review", _("Country review")
    EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
    COUNTRY_REPORT = "country_report", _("Country report")
    THEMATIC_REPORT = "thematic_report", _("Thematic report")
    FINANCE_REPORT = "finance_report", _("Financial report")
    OTHER = "other", _("Other platform output")


class DocumentLink(models.Model):
    """A link from a document to something the platform produced (kind + identifier and/or URL).

    Generic on purpose: the meetings app must not import the analysis or findings apps.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=24, choices=OutputKind.choices)
    identifier = models.CharField(max_length=120, blank=True)
    url = models.CharField(max_length=500, blank=True)
    label = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["document", "kind", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "kind", "identifier", "url"], name="meetings_doclink_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(identifier="") | ~models.Q(url=""), name="meetings_doclink_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} → {self.kind}:{self.identifier or self.url}"


class ParticipationKind(models.TextChoices):
    PARTY = "party", _("State party (or the European Union)")
    SIGNATORY = "signatory", _("Signatory State (rule 14)")
    NON_SIGNATORY = "non_signatory", _("Non-signatory State (rule 15)")
    UN_BODY = "un_body", _("United Nations entity (rule 16)")
    IGO = "igo", _("Intergovernmental organization (rule 16)")
    NGO_ECOSOC = "ngo_ecosoc", _("NGO in consultative status with ECOSOC (rule 17)")
    NGO_OTHER = "ngo_other", _("Other relevant NGO (rule 17)")


STATE_KINDS = {ParticipationKind.PARTY, ParticipationKind.SIGNATORY, ParticipationKind.NON_SIGNATORY}
RULE_OF_KIND = {
    ParticipationKind.PARTY: "",
    ParticipationKind.SIGNATORY: "14",
    ParticipationKind.NON_SIGNATORY: "15",
    ParticipationKind.UN_BODY: "16",
    ParticipationKind.IGO: "16",
    ParticipationKind.NGO_ECOSOC: "17",
    ParticipationKind.NGO_OTHER: "17",
}


class ParticipationStatus(models.TextChoices):
    PARTICIPATING = "participating", _("Participating (party)")
    PENDING = "pending", _("Pending (written notification or application)")
    APPLIED = "applied", _("Applied to the bureau")
    LISTED = "listed", _("Listed, to be circulated")
    CIRCULATED = "circulated", _("Circulated to the parties")
    REFERRED = "referred", _("Objection raised: referred to the Conference")
    ADMITTED = "admitted", _("Admitted as observer")
    REFUSED = "refused", _("Not admitted")


class Delegation(TimeStampedModel):
    """A participant in a session: a State's delegation or an observer organization (rules 14–17)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="delegations")
    kind = models.CharField(max_length=16, choices=ParticipationKind.choices)
    state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="delegations"
    )
    name = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Organization, or a State that is not a party to the Convention."),
    )
    status = models.CharField(max_length=16, choices=ParticipationStatus.choices)
    notified_on = models.DateField(
        null=True, blank=True, help_text=_("Written notification to the Secretary-General.")
    )
    applied_on = models.DateField(null=True, blank=True)
    circulated_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["session", "kind", "name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "state"],
                condition=models.Q(state__isnull=False),
                name="meetings_delegation_state",
            ),
            models.UniqueConstraint(
                "session",
                Lower("name"),
                condition=models.Q(state__isnull=True),
                name="meetings_delegation_name",
            ),
            models.CheckConstraint(
                condition=models.Q(state__isnull=False) | ~models.Q(name=""), name="meetings_delegation_named"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="party") | models.Q(state__isnull=False),
                name="meetings_party_has_state",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.state.name if self.state_id and self.state else self.name

    @property
    def iso3(self) -> str:
        return self.state.iso3 if self.state is not None else ""

    @property
    def name_en(self) -> str:
        return self.state.name_en if self.state is not None else self.name

    @property
    def rule(self) -> str:
        return RULE_OF_KIND[ParticipationKind(self.kind)]

    @property
    def is_state(self) -> bool:
        return self.kind in STATE_KINDS

    @property
    def may_attend(self) -> bool:
        return self.status in {ParticipationStatus.PARTICIPATING, ParticipationStatus.ADMITTED}


class Objection(models.Model):
    """A party's objection to granting observer status to an NGO (rule 17): the Conference decides."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="objections")
    objecting_state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "objecting_state"], name="meetings_objection_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.objecting_state} objects to {self.delegation}"


class Rank(models.TextChoices):
    """A representative's level. The first three are 'ministerial or higher' (S002 §1(f))."""

    HEAD_OF_STATE = "head_of_state", _("Head of State")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
    MINISTER = "minister", _("Minister")
    DEPUTY_MINISTER = "deputy_minister", _("Deputy minister")
    AMBASSADOR = "ambassador", _("Ambassador or head of delegation")
    OFFICIAL = "official", _("Other official")


MINISTERIAL_RANKS = {Rank.HEAD_OF_STATE, Rank.HEAD_OF_GOVERNMENT, Rank.MINISTER}


def is_ministerial(rank: str) -> bool:
    return rank in MINISTERIAL_RANKS


class DelegateRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of delegation")
    REPRESENTATIVE = "representative", _("Representative")
    ADVISER = "adviser", _("Adviser")


class Delegate(TimeStampedModel):
    """A member of a delegation, as on the list of delegation members sent with the credentials."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=200)
    function = models.CharField(max_length=255, blank=True, help_text=_("e.g. Minister of Justice"))
    role = models.CharField(max_length=16, choices=DelegateRole.choices, default=DelegateRole.REPRESENTATIVE)
    rank = models.CharField(max_length=20, choices=Rank.choices, default=Rank.OFFICIAL)
    email = models.EmailField(blank=True)
    attends_online = models.BooleanField(default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["delegation", "role", "full_name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"], condition=models.Q(role="head"), name="meetings_one_head_of_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.delegation})"


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
