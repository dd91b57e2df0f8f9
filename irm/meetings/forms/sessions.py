"""Forms of a session's details, its agenda, the organization of work and joint meetings."""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.forms.base import (
    ItemsChoiceField,
    LocalTimesForm,
    StyledForm,
    date_widget,
    local_widget,
    time_widget,
    timezone_choices,
)
from irm.meetings.models import AgendaItem, Body, Session, SlotPart
from irm.parties.models import State


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
    starts_on = forms.DateField(label=_("First day"), widget=date_widget())
    ends_on = forms.DateField(label=_("Last day"), widget=date_widget())
    timezone = forms.ChoiceField(label=_("Time zone of the venue"), initial="Europe/Vienna")
    opens_at = forms.DateTimeField(
        label=_("Opening of the first meeting"),
        widget=local_widget(),
        help_text=_("Local time at the venue. Credentials are due 24 hours before."),
    )
    hybrid = forms.BooleanField(label=_("Hybrid (in person and online)"), required=False)
    interpreted_meetings_limit = forms.IntegerField(
        label=_("Meetings with interpretation available"), min_value=0, required=False
    )
    draft_resolution_deadline = forms.DateField(
        label=_("Draft resolutions due"),
        widget=date_widget(),
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


class WorkSlotForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=date_widget())
    part = forms.ChoiceField(label=_("Part of the day"), choices=SlotPart.choices)
    starts_at = forms.TimeField(label=_("Starts"), widget=time_widget())
    ends_at = forms.TimeField(label=_("Ends"), widget=time_widget())
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


class JointMeetingForm(StyledForm):
    others = forms.ModelMultipleChoiceField(
        label=_("Meeting jointly with"),
        queryset=Session.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=255)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=255, required=False)
    held_from = forms.DateField(label=_("From"), widget=date_widget())
    held_to = forms.DateField(label=_("To"), widget=date_widget())
    items_note = forms.CharField(label=_("Agenda items considered jointly"), max_length=255, required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = cast(forms.ModelMultipleChoiceField, self.fields["others"])
        others.queryset = Session.objects.exclude(pk=session.pk).filter(
            starts_on__lte=session.ends_on, ends_on__gte=session.starts_on
        )
