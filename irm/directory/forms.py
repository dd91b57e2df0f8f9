from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.directory import languages
from irm.directory.models import Answer, Provision


class FilterForm(forms.Form):
    state = forms.CharField(label=_("State"), required=False, max_length=200)
    article = forms.ChoiceField(
        label=_("Article"), required=False, choices=lambda: [("", _("Any")), *Provision.choices]
    )
    language = forms.ChoiceField(
        label=_("Language accepted"), required=False, choices=lambda: [("", _("Any")), *languages.choices()]
    )
    electronic = forms.ChoiceField(
        label=_("Accepts electronic requests"), required=False, choices=[("", _("Any")), *Answer.choices]
    )


class EntryForm(forms.Form):
    provision = forms.ChoiceField(label=_("Article"), choices=Provision.choices)
    authority = forms.CharField(label=_("Authority"), max_length=300, required=False)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), max_length=500, required=False, assume_scheme="https")
    languages = forms.CharField(
        label=_("Languages accepted"),
        required=False,
        max_length=300,
        help_text=_("Separate languages with semicolons, e.g. English; French."),
    )
    accepts_electronic_requests = forms.ChoiceField(
        label=_("Accepts requests by e-mail or a secure electronic channel"), choices=Answer.choices
    )
    interpol_in_urgent_cases = forms.ChoiceField(
        label=_("Accepts requests through INTERPOL in urgent cases"), choices=Answer.choices
    )
    procedural_requirements = forms.CharField(
        label=_("Procedural requirements"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contacts_public = forms.BooleanField(label=_("The contact details may be public"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    as_of = forms.DateField(label=_("Valid as of"), widget=forms.DateInput(attrs={"type": "date"}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))
