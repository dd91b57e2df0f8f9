"""What the forms of sessions share: Bootstrap styling, date and time widgets, times typed as the venue's wall clock, choices of items, delegations and entries."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.meetings.models import Session


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


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def local_widget() -> forms.DateTimeInput:
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


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}. {obj.title}"


class ItemsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}. {obj.title}"


def item_choice(session: Session, label: Any, required: bool = False) -> ItemChoiceField:
    return ItemChoiceField(
        label=label,
        queryset=session.agenda_items.order_by("number", "letter"),
        required=required,
        empty_label=None if required else _("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class DelegationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.delegation.display_name} — {obj.speaker_name} ({obj.get_rank_display()})"
