"""Forms of participation: delegates, credentials, officers and observers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.forms.base import StyledForm, date_widget
from irm.meetings.models import DelegateRole, Issuer, Office, ParticipationKind, Rank
from irm.parties.models import State


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


class OfficerForm(StyledForm):
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.all())
    person_name = forms.CharField(label=_("Name of the officer"), max_length=200, required=False)
    elected_on = forms.DateField(label=_("Elected on"), widget=date_widget(), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


OBSERVER_KINDS = [(k, label) for k, label in ParticipationKind.choices if k != ParticipationKind.PARTY]


class ObserverForm(StyledForm):
    kind = forms.ChoiceField(label=_("Category"), choices=OBSERVER_KINDS)
    name = forms.CharField(label=_("Name of the State or organization"), max_length=255)
    notified_on = forms.DateField(
        label=_("Written notification received on"),
        widget=date_widget(),
        required=False,
        help_text=_("Signatories (rule 14), UN entities and IGOs (rule 16)."),
    )
    applied_on = forms.DateField(
        label=_("Application received on"),
        widget=date_widget(),
        required=False,
        help_text=_("Non-signatory States (rule 15) and NGOs (rule 17)."),
    )
