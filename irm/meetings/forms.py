from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import LANGUAGE_NAMES
from irm.meetings.models import (
    LANGUAGES,
    STATE_KINDS,
    Access,
    AgendaItem,
    Body,
    DelegateRole,
    Delegation,
    DocumentKind,
    EntryStatus,
    Issuer,
    Office,
    OutputKind,
    ParticipationKind,
    Rank,
    ResolutionStatus,
    Session,
    SlotPart,
    SpeakerEntry,
    SpeakersList,
)
from irm.parties.models import RegionalGroup, State


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
        label=_("Link to the pre-recorded video (file-sharing platform, protected link)"), max_length=500
    )


class DelegateForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=255, required=False)
    role = forms.ChoiceField(label=_("Role in the delegation"), choices=DelegateRole.choices)
    rank = forms.ChoiceField(label=_("Level"), choices=Rank.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    attends_online = forms.BooleanField(label=_("Attends online"), required=False)


class CredentialForm(forms.Form):
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.choices)
    is_original = forms.BooleanField(label=_("Formal credentials (not a copy)"), required=False, initial=True)
    file = forms.FileField(label=_("Scanned credentials"), required=False)


class DraftResolutionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    sponsors = forms.CharField(
        label=_("Co-sponsors (ISO3 codes, separated by commas)"), required=False, max_length=2000
    )
    late_reason = forms.CharField(label=_("Reason for accepting late (secretariat)"), required=False)


class ResolutionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    resolution_number = forms.CharField(label=_("Resolution number"), required=False, max_length=20)


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    file = forms.FileField(label=_("File"), required=False)
    publish = forms.BooleanField(label=_("Post on the session page"), required=False, initial=True)


# --------------------------------------------------------------------------------------------
# the secretariat's pages: sessions, agenda, organization of work, documents, lists, bureau


class StyledForm(forms.Form):
    """Bootstrap classes on every widget and a two-column layout (`meetings/manage/_form.html`)."""

    template_name_div = "meetings/manage/_form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _local() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LocalTimesForm(StyledForm):
    """Times are typed as the session's wall-clock time (the hall's clock), whatever the browser's zone."""

    local_fields: tuple[str, ...] = ()

    def localize(self, zone: ZoneInfo) -> None:
        for name in self.local_fields:
            value = self.cleaned_data.get(name)
            if value is not None:
                self.cleaned_data[name] = timezone.make_naive(value).replace(tzinfo=zone)

    @classmethod
    def wall_clock(cls, values: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
        """Initial values: aware datetimes shown as wall-clock times of `zone`."""
        return {
            k: timezone.localtime(v, zone).replace(tzinfo=None)
            if k in cls.local_fields and v is not None
            else v
            for k, v in values.items()
        }


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


class SessionForm(LocalTimesForm):
    local_fields = ("opens_at",)

    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=999)
    resumed_part = forms.IntegerField(
        label=_("Resumed part"),
        min_value=0,
        max_value=9,
        initial=0,
        help_text=_("0 for the regular session, 1 for the first resumed session, …"),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=255)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    host_state = forms.ModelChoiceField(
        label=_("Host State"),
        queryset=State.objects.all(),
        required=False,
        help_text=_("For a session held away from headquarters at a Government's invitation."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=_date())
    ends_on = forms.DateField(label=_("Last day"), widget=_date())
    timezone = forms.ChoiceField(label=_("Time zone of the venue"), initial="Europe/Vienna")
    opens_at = forms.DateTimeField(
        label=_("Opening of the first meeting"),
        widget=_local(),
        help_text=_("Local time at the venue. Credentials are due 24 hours before."),
    )
    hybrid = forms.BooleanField(label=_("Hybrid (in person and online)"), required=False)
    interpreted_meetings_limit = forms.IntegerField(
        label=_("Meetings with interpretation available"), min_value=0, required=False
    )
    draft_resolution_deadline = forms.DateField(
        label=_("Draft resolutions due"),
        widget=_date(),
        required=False,
        help_text=_("Leave empty for one month before the first day."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timezone"]).choices = timezone_choices()
        if editing:  # body, number and part identify the session and its address
            for name in ("body", "number", "resumed_part"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A session cannot end before it starts."))
        if data.get("timezone"):
            self.localize(ZoneInfo(data["timezone"]))
        return data


class AgendaItemForm(StyledForm):
    number = forms.IntegerField(label=_("Item number"), min_value=1, max_value=99)
    letter = forms.RegexField(
        label=_("Sub-item letter"),
        regex=r"^[a-z]{0,3}$",
        required=False,
        max_length=3,
        help_text=_("Leave empty for an item; a, b, c … for its sub-items."),
        error_messages={"invalid": _("Use lower-case letters only, e.g. f.")},
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=500, required=False)
    annotation_en = forms.CharField(
        label=_("Annotation (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    annotation_zh = forms.CharField(
        label=_("Annotation (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["number"], self.fields["letter"]


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}. {obj.title}"


class ItemsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}. {obj.title}"


def _item_choice(session: Session, label: Any, required: bool = False) -> ItemChoiceField:
    return ItemChoiceField(
        label=label,
        queryset=session.agenda_items.order_by("number", "letter"),
        required=required,
        empty_label=None if required else _("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class WorkSlotForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=_date())
    part = forms.ChoiceField(label=_("Part of the day"), choices=SlotPart.choices)
    starts_at = forms.TimeField(label=_("Starts"), widget=_time())
    ends_at = forms.TimeField(label=_("Ends"), widget=_time())
    room = forms.CharField(label=_("Room"), max_length=80, initial="Plenary")
    interpreted = forms.BooleanField(
        label=_("Interpretation in the six languages"), required=False, initial=True
    )
    items = ItemsChoiceField(
        label=_("Agenda items taken up"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ItemsChoiceField, self.fields["items"]).queryset = session.agenda_items.order_by(
            "number", "letter"
        )


class DocumentForm(StyledForm):
    symbol = forms.CharField(label=_("Symbol"), max_length=80)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.NOTE)
    access = forms.ChoiceField(
        label=_("Access"),
        choices=Access.choices,
        help_text=_("Restricted documents are seen by States and admitted observers, not by the public."),
    )
    issued_on = forms.DateField(label=_("Date of issue"), widget=_date(), required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symbol"].help_text = _("For example %(p)s/%(y)d/10.") % {
            "p": session.symbol_prefix,
            "y": session.starts_on.year,
        }
        self.fields["agenda_item"] = _item_choice(session, _("Agenda item"))
        self.order_fields(["symbol", "title_en", "title_zh", "kind", "access", "agenda_item", "issued_on"])


class DocumentFileForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    file = forms.FileField(
        label=_("File (PDF or Word)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class DocumentLinkForm(StyledForm):
    kind = forms.ChoiceField(label=_("Platform output"), choices=OutputKind.choices)
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=120,
        required=False,
        help_text=_("e.g. cycle-2@2023-09-15 for the TA-needs analysis of cycle 2 as of that date"),
    )
    url = forms.CharField(label=_("Address on the platform"), max_length=500, required=False)
    label = forms.CharField(label=_("Label"), max_length=255, required=False)


class TaNeedsOutputForm(StyledForm):
    """Issue the platform's TA-needs analysis as this document (the note for an item, as CAC/COSP/2023/10)."""

    cycle = forms.IntegerField(label=_("Review cycle"), min_value=1, initial=2)
    as_of = forms.DateField(label=_("As of"), widget=_date())
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in ("en", "zh")],
        initial=["en", "zh"],
        widget=forms.CheckboxSelectMultiple,
    )


class SpeakersListForm(LocalTimesForm):
    local_fields = ("opens_at", "closes_at", "item_closes_at", "video_deadline")

    opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        widget=_local(),
        help_text=_("Requests received before this time are not kept."),
    )
    closes_at = forms.DateTimeField(label=_("Registration closes"), widget=_local())
    item_closes_at = forms.DateTimeField(label=_("The item closes"), widget=_local(), required=False)
    auto_close = forms.BooleanField(
        label=_("Close the item automatically at that time"), required=False, initial=True
    )
    video_deadline = forms.DateTimeField(
        label=_("Pre-recorded video statements due"), widget=_local(), required=False
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
        self.fields["offered_item"] = _item_choice(
            session, _("Item offered to the speakers still waiting when the item closes")
        )
        if not editing:
            self.fields["agenda_item"] = _item_choice(session, _("Agenda item"), required=True)
            self.order_fields(["agenda_item"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.localize(self.zone)
        return self.cleaned_data


class JointMeetingForm(StyledForm):
    others = forms.ModelMultipleChoiceField(
        label=_("Meeting jointly with"),
        queryset=Session.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=255)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=255, required=False)
    held_from = forms.DateField(label=_("From"), widget=_date())
    held_to = forms.DateField(label=_("To"), widget=_date())
    items_note = forms.CharField(label=_("Agenda items considered jointly"), max_length=255, required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = cast(forms.ModelMultipleChoiceField, self.fields["others"])
        others.queryset = Session.objects.exclude(pk=session.pk).filter(
            starts_on__lte=session.ends_on, ends_on__gte=session.starts_on
        )


class DelegationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.delegation.display_name} — {obj.speaker_name} ({obj.get_rank_display()})"


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
    received_at = forms.DateTimeField(label=_("Received at"), widget=_local())

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


class OfficerForm(StyledForm):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.all())
    person_name = forms.CharField(label=_("Name of the officer"), max_length=200, required=False)
    elected_on = forms.DateField(label=_("Elected on"), widget=_date(), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


OBSERVER_KINDS = [(k, label) for k, label in ParticipationKind.choices if k != ParticipationKind.PARTY]


class ObserverForm(StyledForm):
    kind = forms.ChoiceField(label=_("Category"), choices=OBSERVER_KINDS)
    name = forms.CharField(label=_("Name of the State or organization"), max_length=255)
    notified_on = forms.DateField(
        label=_("Written notification received on"),
        widget=_date(),
        required=False,
        help_text=_("Signatories (rule 14), UN entities and IGOs (rule 16)."),
    )
    applied_on = forms.DateField(
        label=_("Application received on"),
        widget=_date(),
        required=False,
        help_text=_("Non-signatory States (rule 15) and NGOs (rule 17)."),
    )
