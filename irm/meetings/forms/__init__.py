"""Forms of sessions, one module per section; all re-exported here (`forms.SessionForm`)."""

from irm.meetings.forms.base import (
    DelegationChoiceField,
    EntryChoiceField,
    ItemChoiceField,
    ItemsChoiceField,
    LocalTimesForm,
    StyledForm,
    date_widget,
    item_choice,
    local_widget,
    time_widget,
    timezone_choices,
)
from irm.meetings.forms.documents import DocumentFileForm, DocumentForm, DocumentLinkForm, TaNeedsOutputForm
from irm.meetings.forms.participation import (
    OBSERVER_KINDS,
    CredentialForm,
    DelegateForm,
    ObserverForm,
    OfficerForm,
)
from irm.meetings.forms.resolutions import DraftResolutionForm, ResolutionStatusForm, StatementForm
from irm.meetings.forms.sessions import AgendaItemForm, JointMeetingForm, SessionForm, WorkSlotForm
from irm.meetings.forms.speakers import (
    ChangeSpeakerForm,
    ConfirmSwapForm,
    RecordRequestForm,
    RecordSwapForm,
    SpeakerRequestForm,
    SpeakersListForm,
    SwapForm,
    VideoForm,
)

__all__ = [
    "OBSERVER_KINDS",
    "AgendaItemForm",
    "ChangeSpeakerForm",
    "ConfirmSwapForm",
    "CredentialForm",
    "DelegateForm",
    "DelegationChoiceField",
    "DocumentFileForm",
    "DocumentForm",
    "DocumentLinkForm",
    "DraftResolutionForm",
    "EntryChoiceField",
    "ItemChoiceField",
    "ItemsChoiceField",
    "JointMeetingForm",
    "LocalTimesForm",
    "ObserverForm",
    "OfficerForm",
    "RecordRequestForm",
    "RecordSwapForm",
    "ResolutionStatusForm",
    "SessionForm",
    "SpeakerRequestForm",
    "SpeakersListForm",
    "StatementForm",
    "StyledForm",
    "SwapForm",
    "TaNeedsOutputForm",
    "VideoForm",
    "WorkSlotForm",
    "date_widget",
    "item_choice",
    "local_widget",
    "time_widget",
    "timezone_choices",
]
