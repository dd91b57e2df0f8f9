from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.models import LANGUAGES, DelegateRole, Issuer, Rank, ResolutionStatus
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
