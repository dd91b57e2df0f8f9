"""Participants (rules 14-17): delegations and observers, objections to NGOs, delegates and their rank."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from irm.core.models import TimeStampedModel
from irm.meetings.models.sessions import Body, Session


class ParticipationKind(models.TextChoices):
    """Who takes part. The rule that admits an observer depends on the body: `admission_basis`."""

    PARTY = "party", _("State party (or the European Union)")
    SIGNATORY = "signatory", _("Signatory State")
    NON_SIGNATORY = "non_signatory", _("Non-signatory State")
    UN_BODY = "un_body", _("United Nations entity")
    IGO = "igo", _("Intergovernmental organization")
    NGO_ECOSOC = "ngo_ecosoc", _("NGO in consultative status with ECOSOC")
    NGO_OTHER = "ngo_other", _("Other relevant NGO")


STATE_KINDS = {ParticipationKind.PARTY, ParticipationKind.SIGNATORY, ParticipationKind.NON_SIGNATORY}
NGO_KINDS = {ParticipationKind.NGO_ECOSOC, ParticipationKind.NGO_OTHER}

#: The Conference's rules of procedure on observers (S002 item 1 (d)): the rule number per kind.
RULE_OF_KIND = {
    ParticipationKind.PARTY: "",
    ParticipationKind.SIGNATORY: "14",
    ParticipationKind.NON_SIGNATORY: "15",
    ParticipationKind.UN_BODY: "16",
    ParticipationKind.IGO: "16",
    ParticipationKind.NGO_ECOSOC: "17",
    ParticipationKind.NGO_OTHER: "17",
}

#: Observers of the Implementation Review Group and what admits them (issue 16 §7). Signatories and
#: observer States (S000 ¶12: "以下观察员国也派代表出席了会议：安道尔"); under rule 2 of resolution 4/5,
#: intergovernmental organizations and UN entities (S000 ¶9). Not NGOs: resolution 4/6 gives them
#: briefings on the margins of the Group's sessions (`NgoBriefing`).
IRG_OBSERVERS = {
    ParticipationKind.SIGNATORY: _("resolution 4/5"),
    ParticipationKind.NON_SIGNATORY: _("resolution 4/5"),
    ParticipationKind.UN_BODY: _("resolution 4/5, rule 2"),
    ParticipationKind.IGO: _("resolution 4/5, rule 2"),
}


def follows_conference_rules(body: str) -> bool:
    """The Conference (rules 14-17) and, as before, the bodies for which no other rule is recorded."""
    return body != Body.IRG


def admits(body: str, kind: str) -> bool:
    """Whether a body admits this kind of participant (parties always take part)."""
    if kind == ParticipationKind.PARTY or follows_conference_rules(body):
        return kind in ParticipationKind.values
    return kind in IRG_OBSERVERS


def admission_basis(body: str, kind: str) -> str:
    """The rule that admits a participant of this kind to this body ("" for a party, as of right)."""
    if kind == ParticipationKind.PARTY:
        return ""
    if follows_conference_rules(body):
        return str(_("rule %(n)s") % {"n": RULE_OF_KIND[ParticipationKind(kind)]})
    return str(IRG_OBSERVERS.get(ParticipationKind(kind), ""))


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
        """The Conference's rule number (14-17) where the body follows them, else ""."""
        if not follows_conference_rules(self.session.body):
            return ""
        return RULE_OF_KIND[ParticipationKind(self.kind)]

    @property
    def basis(self) -> str:
        """What admits this participant, e.g. "rule 16" or "resolution 4/5, rule 2"."""
        return admission_basis(self.session.body, self.kind)

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
