"""Forms of lists of speakers: a delegation's requests, changes, swaps and videos; the secretariat's settings and transcriptions."""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.forms.base import (
    DelegationChoiceField,
    EntryChoiceField,
    LocalTimesForm,
    StyledForm,
    item_choice,
    local_widget,
)
from irm.meetings.links import validate_http_link
from irm.meetings.models import (
    STATE_KINDS,
    Delegation,
    EntryStatus,
    Rank,
    Session,
    SpeakerEntry,
    SpeakersList,
)
from irm.parties.models import RegionalGroup


class SpeakerRequestForm(forms.Form):
    speaker_name = forms.CharField(label=_("Speaker's name"), max_length=200)
    speaker_function = forms.CharField(label=_("Function"), max_length=255, required=False)
    rank = forms.ChoiceField(label=_("Level"), choices=Rank.choices)
    on_behalf_of_group = forms.ChoiceField(
        label=_("Speaking as chair of a regional group"),
        choices=[("", _("No"))] + [c for c in RegionalGroup.choices if c[0] != RegionalGroup.NONE],
        required=False,
    )


class ChangeSpeakerForm(forms.Form):
    speaker_name = forms.CharField(label=_("New speaker's name"), max_length=200)
    speaker_function = forms.CharField(label=_("Function"), max_length=255, required=False)
    rank = forms.ChoiceField(label=_("Level"), choices=Rank.choices)


class SwapForm(forms.Form):
    other = forms.IntegerField(label=_("Swap places with"), widget=forms.Select)
    confirmation = forms.CharField(
        label=_("Written confirmation of your delegation"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmSwapForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Written confirmation of your delegation"), widget=forms.Textarea(attrs={"rows": 2})
    )


class VideoForm(forms.Form):
    url = forms.URLField(
        label=_("Link to the pre-recorded video (file-sharing platform, protected link)"),
        max_length=500,
        validators=[validate_http_link],
    )


class SpeakersListForm(LocalTimesForm):
    local_fields = ("opens_at", "closes_at", "item_closes_at", "video_deadline")

    opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        widget=local_widget(),
        help_text=_("Requests received before this time are not kept."),
    )
    closes_at = forms.DateTimeField(label=_("Registration closes"), widget=local_widget())
    item_closes_at = forms.DateTimeField(label=_("The item closes"), widget=local_widget(), required=False)
    auto_close = forms.BooleanField(
        label=_("Close the item automatically at that time"), required=False, initial=True
    )
    video_deadline = forms.DateTimeField(
        label=_("Pre-recorded video statements due"), widget=local_widget(), required=False
    )
    speaking_minutes = forms.IntegerField(label=_("Speaking time (minutes)"), min_value=1, initial=4)
    speaking_words = forms.IntegerField(label=_("Words"), min_value=1, initial=400)
    group_chair_minutes = forms.IntegerField(
        label=_("Speaking time of regional-group chairs (minutes)"), min_value=1, initial=7
    )

    def __init__(self, *args: Any, session: Session, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(session.timezone)
        for name in self.local_fields:
            self.fields[name].help_text = " ".join(
                filter(
                    None,
                    [
                        str(self.fields[name].help_text),
                        _("Time at the venue (%(tz)s).") % {"tz": session.timezone},
                    ],
                )
            )
        self.fields["offered_item"] = item_choice(
            session, _("Item offered to the speakers still waiting when the item closes")
        )
        if not editing:
            self.fields["agenda_item"] = item_choice(session, _("Agenda item"), required=True)
            self.order_fields(["agenda_item"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.localize(self.zone)
        return self.cleaned_data


class RecordRequestForm(LocalTimesForm):
    """The secretariat transcribes a request received in writing, with its time of receipt."""

    local_fields = ("received_at",)

    delegation = DelegationChoiceField(label=_("Delegation"), queryset=Delegation.objects.none())
    speaker_name = forms.CharField(label=_("Speaker's name"), max_length=200)
    speaker_function = forms.CharField(label=_("Function"), max_length=255, required=False)
    rank = forms.ChoiceField(label=_("Level"), choices=Rank.choices)
    on_behalf_of_group = forms.ChoiceField(
        label=_("Speaking as chair of a regional group"),
        choices=[("", _("No"))] + [c for c in RegionalGroup.choices if c[0] != RegionalGroup.NONE],
        required=False,
    )
    received_at = forms.DateTimeField(label=_("Received at"), widget=local_widget())

    def __init__(self, *args: Any, speakers_list: SpeakersList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(speakers_list.session.timezone)
        delegations = speakers_list.session.delegations.filter(kind__in=STATE_KINDS).select_related("state")
        cast(DelegationChoiceField, self.fields["delegation"]).queryset = delegations.order_by(
            "state__name_en", "name"
        )
        self.fields["received_at"].help_text = _("Time at the venue (%(tz)s).") % {
            "tz": speakers_list.session.timezone
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.localize(self.zone)
        return self.cleaned_data


class RecordSwapForm(StyledForm):
    """A swap agreed in writing by both delegations (e.g. by e-mail), recorded by the secretariat."""

    first = EntryChoiceField(label=_("First delegation"), queryset=SpeakerEntry.objects.none())
    first_confirmation = forms.CharField(
        label=_("Its written confirmation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    second = EntryChoiceField(label=_("Second delegation"), queryset=SpeakerEntry.objects.none())
    second_confirmation = forms.CharField(
        label=_("Its written confirmation"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, speakers_list: SpeakersList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        waiting = speakers_list.entries.filter(status=EntryStatus.REGISTERED).select_related(
            "delegation__state"
        )
        for name in ("first", "second"):
            cast(EntryChoiceField, self.fields[name]).queryset = waiting.order_by(
                "delegation__state__name_en"
            )
