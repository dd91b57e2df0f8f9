"""Forms of draft resolutions and written statements."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.models import LANGUAGES, ResolutionStatus


class DraftResolutionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    sponsors = forms.CharField(
        label=_("Co-sponsors (ISO3 codes, separated by commas)"), required=False, max_length=2000
    )
    late_reason = forms.CharField(
        label=_("If it comes after the deadline: why (optional)"),
        required=False,
        max_length=500,
        help_text=_("A draft received after the deadline is kept and marked as late."),
    )


class ResolutionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    resolution_number = forms.CharField(label=_("Resolution number"), required=False, max_length=20)


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    file = forms.FileField(label=_("File"), required=False)
    publish = forms.BooleanField(label=_("Post on the session page"), required=False, initial=True)
