from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.assistance import services
from irm.assistance.models import Activity, ActivityStatus, Coverage, ProviderKind
from irm.cycles.models import Cycle
from irm.findings.models import Finding
from irm.parties.models import State

DATE = forms.DateInput(attrs={"type": "date"})


class _Styled:
    def style(self: Any) -> None:
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select | forms.SelectMultiple)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)


class NeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Finding) -> str:
        articles = ", ".join(str(a.number) for a in obj.articles.all())
        where = _("art. %(articles)s") % {"articles": articles} if articles else _("general")
        return f"{obj.review.state.name} ({where}): {obj.text[:90]}"


class ActivityForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    provider_kind = forms.ChoiceField(label=_("Kind of provider"), choices=ProviderKind.choices)
    provider_state = forms.ModelChoiceField(
        label=_("Donor State"), queryset=State.objects.all(), required=False
    )
    provider_name = forms.CharField(label=_("Organization or programme"), max_length=200, required=False)
    beneficiary = forms.ModelChoiceField(label=_("Beneficiary State"), queryset=State.objects.all())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    needs = NeedChoice(label=_("Needs it answers fully"), queryset=Finding.objects.none(), required=False)
    partial_needs = NeedChoice(
        label=_("Needs it answers in part"), queryset=Finding.objects.none(), required=False
    )
    amount = forms.DecimalField(
        label=_("Funding"), min_value=0, decimal_places=2, max_digits=16, required=False
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("ISO 4217, e.g. EUR.")
    )
    funding_source = forms.CharField(label=_("Source of funding"), max_length=200, required=False)
    source = forms.CharField(label=_("Source of the record"), max_length=300, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, needs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = (needs if needs is not None else Finding.objects.none()).select_related("review__state")
        queryset = queryset.prefetch_related("articles")
        for name in ("needs", "partial_needs"):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self.style()

    @classmethod
    def initial_of(cls, activity: Activity) -> dict[str, Any]:
        links = list(activity.links.all())
        return {
            **{
                name: getattr(activity, name)
                for name in (
                    "title",
                    "provider_kind",
                    "provider_state",
                    "provider_name",
                    "beneficiary",
                    "status",
                    "starts_on",
                    "ends_on",
                    "amount",
                    "currency",
                    "funding_source",
                    "source",
                    "reference",
                    "description",
                )
            },
            "needs": [link.need_id for link in links if link.coverage == Coverage.FULL],
            "partial_needs": [link.need_id for link in links if link.coverage == Coverage.PARTIAL],
            "version": activity.version,
        }

    def to_input(self) -> services.ActivityInput:
        data = self.cleaned_data
        needs = [(n.pk, Coverage.FULL) for n in data["needs"]]
        needs += [(n.pk, Coverage.PARTIAL) for n in data["partial_needs"] if n not in data["needs"]]
        return services.ActivityInput(
            title=data["title"],
            provider_kind=data["provider_kind"],
            provider_state=data["provider_state"],
            provider_name=data["provider_name"],
            beneficiary=data["beneficiary"],
            status=data["status"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amount=data["amount"],
            currency=data["currency"],
            funding_source=data["funding_source"],
            source=data["source"],
            reference=data["reference"],
            description=data["description"],
            needs=needs,
        )


class ReportForm(_Styled, forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int, required=False, empty_value=None, choices=())
    as_of = forms.DateField(label=_("As at"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycle: Any = self.fields["cycle"]
        cycle.choices = [
            ("", _("Every cycle")),
            *((c.number, str(c)) for c in Cycle.objects.order_by("number")),
        ]  # type: ignore[attr-defined]
        self.style()


class ImportForm(_Styled, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
