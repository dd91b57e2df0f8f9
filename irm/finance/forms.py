from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.cycles.models import Cycle
from irm.finance.models import Activity, Contribution, Funding
from irm.parties.models import RegionalGroup, State

DATE = forms.DateInput(attrs={"type": "date"})


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class AsOfForm(BootstrapForm):
    as_of = forms.DateField(label=_("As at"), required=False, widget=DATE)
    since = forms.DateField(
        label=_("Compare with"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the last report issued before this date."),
    )


class ScenarioForm(BootstrapForm):
    posts_amount = forms.DecimalField(
        label=_("New regular-budget posts: yearly saving (USD)"),
        required=False,
        min_value=0,
        decimal_places=2,
    )
    posts_cycle = forms.IntegerField(label=_("in cycle"), required=False, min_value=1)
    posts_from_year = forms.IntegerField(label=_("from year"), required=False, min_value=1)
    extension_cycle = forms.IntegerField(label=_("Extend cycle"), required=False, min_value=1)
    extension_months = forms.IntegerField(label=_("by months"), required=False, min_value=1, max_value=60)


class ContributionForm(BootstrapForm):
    donor_state = forms.ModelChoiceField(
        label=_("Donor State"), queryset=State.objects.all(), required=False, to_field_name="iso3"
    )
    organization = forms.CharField(label=_("or donor organization"), required=False, max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Contribution.Kind.choices)
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2, max_digits=16)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="USD")
    usd_per_unit = forms.DecimalField(
        label=_("Rate (USD per unit)"),
        required=False,
        decimal_places=6,
        help_text=_("Empty: the latest recorded rate on or before the pledge."),
    )
    description = forms.CharField(
        label=_("Description (in kind)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    earmark_activity = forms.ChoiceField(
        label=_("Earmarked for activity"), choices=_blank(Activity.choices), required=False
    )
    earmark_cycle = forms.ModelChoiceField(
        label=_("Earmarked for cycle"), queryset=Cycle.objects.all(), required=False, to_field_name="number"
    )
    earmark_region = forms.ChoiceField(
        label=_("Earmarked for region"), choices=_blank(RegionalGroup.choices), required=False
    )
    earmark_state = forms.ModelChoiceField(
        label=_("Earmarked for country"), queryset=State.objects.all(), required=False, to_field_name="iso3"
    )
    spend_by = forms.DateField(label=_("To be spent by"), required=False, widget=DATE)
    earmark_purpose = forms.CharField(label=_("Purpose as stated"), required=False, max_length=255)


class PaymentForm(BootstrapForm):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, decimal_places=2, help_text=_("Empty: all that is outstanding.")
    )
    usd_per_unit = forms.DecimalField(
        label=_("Rate (USD per unit)"),
        required=False,
        decimal_places=6,
        help_text=_("Empty: the latest recorded rate on or before that day."),
    )


class RequirementForm(BootstrapForm):
    cycle = forms.ModelChoiceField(label=_("Cycle"), queryset=Cycle.objects.all(), to_field_name="number")
    year = forms.IntegerField(label=_("Year of the cycle"), min_value=1, max_value=15)
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    funding = forms.ChoiceField(label=_("Funding"), choices=Funding.choices)
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), min_value=0, decimal_places=2, max_digits=16)
    estimated_on = forms.DateField(label=_("Estimated on"), widget=DATE)
    region = forms.ChoiceField(label=_("Region"), choices=_blank(RegionalGroup.choices), required=False)
    state = forms.ModelChoiceField(
        label=_("Country"), queryset=State.objects.all(), required=False, to_field_name="iso3"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class ExpenditureForm(BootstrapForm):
    spent_on = forms.DateField(label=_("Spent on"), widget=DATE)
    cycle = forms.ModelChoiceField(label=_("Cycle"), queryset=Cycle.objects.all(), to_field_name="number")
    year = forms.IntegerField(label=_("Year of the cycle"), min_value=1, max_value=15)
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    funding = forms.ChoiceField(label=_("Funding"), choices=Funding.choices)
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), min_value=0, decimal_places=2, max_digits=16)
    review_id = forms.IntegerField(label=_("Review (number)"), required=False)
    contribution = forms.CharField(label=_("Charged to contribution (reference)"), required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=255)


class RateForm(BootstrapForm):
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3)
    on = forms.DateField(label=_("Date"), widget=DATE)
    usd_per_unit = forms.DecimalField(label=_("USD per unit"), decimal_places=6, max_digits=16)
    source = forms.CharField(label=_("Source"), required=False, max_length=200)


class IssueForm(BootstrapForm):
    as_of = forms.DateField(label=_("As at"), widget=DATE)
    symbol = forms.CharField(label=_("Document symbol"), required=False, max_length=60)
