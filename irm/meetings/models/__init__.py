"""Sessions of the Conference and its subsidiary bodies (S002, S000 §II, DOMAIN.md "Sessions").

The app is called `meetings` because Django's own `sessions` label is taken. Rules of procedure
referred to below are those of the Conference of the States Parties (rules 14–22, 45).

One module per section (sessions and agenda, documents, participation, briefings, credentials,
bureau, speakers, resolutions); every model is re-exported here, so `from irm.meetings.models import X` works.
"""

from irm.meetings.models.briefings import BriefingInvitation, NgoBriefing
from irm.meetings.models.bureau import BUREAU_OFFICES, BureauMember, Office
from irm.meetings.models.credentials import Credential, CredentialsReport, CredentialStatus, Issuer
from irm.meetings.models.documents import (
    Access,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentLink,
    OutputKind,
)
from irm.meetings.models.participation import (
    IRG_OBSERVERS,
    MINISTERIAL_RANKS,
    NGO_KINDS,
    RULE_OF_KIND,
    STATE_KINDS,
    Delegate,
    DelegateRole,
    Delegation,
    Objection,
    ParticipationKind,
    ParticipationStatus,
    Rank,
    admission_basis,
    admits,
    follows_conference_rules,
    is_ministerial,
)
from irm.meetings.models.resolutions import DraftResolution, ResolutionStatus, Statement
from irm.meetings.models.sessions import (
    LANGUAGES,
    SYMBOL_PREFIX,
    AgendaItem,
    Body,
    JointMeeting,
    Session,
    SlotPart,
    WorkSlot,
)
from irm.meetings.models.speakers import (
    ACTIVE_STATUSES,
    EntryStatus,
    SpeakerEntry,
    SpeakerMode,
    SpeakersList,
    SwapRequest,
    SwapStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "BUREAU_OFFICES",
    "IRG_OBSERVERS",
    "LANGUAGES",
    "MINISTERIAL_RANKS",
    "NGO_KINDS",
    "RULE_OF_KIND",
    "STATE_KINDS",
    "SYMBOL_PREFIX",
    "Access",
    "AgendaItem",
    "Body",
    "BriefingInvitation",
    "BureauMember",
    "Credential",
    "CredentialStatus",
    "CredentialsReport",
    "Delegate",
    "DelegateRole",
    "Delegation",
    "Document",
    "DocumentFile",
    "DocumentKind",
    "DocumentLink",
    "DraftResolution",
    "EntryStatus",
    "Issuer",
    "JointMeeting",
    "NgoBriefing",
    "Objection",
    "Office",
    "OutputKind",
    "ParticipationKind",
    "ParticipationStatus",
    "Rank",
    "ResolutionStatus",
    "Session",
    "SlotPart",
    "SpeakerEntry",
    "SpeakerMode",
    "SpeakersList",
    "Statement",
    "SwapRequest",
    "SwapStatus",
    "WorkSlot",
    "admission_basis",
    "admits",
    "follows_conference_rules",
    "is_ministerial",
]
