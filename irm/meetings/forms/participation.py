"""Forms of participation: delegates, credentials, officers and observers."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.meetings.forms.base import StyledForm, date_widget, time_widget
from irm.meetings.models import (
    DelegateRole,
    Issuer,
    Office,
    ParticipationKind,
    Rank,
    Session,
    admission_basis,
    admits,
    follows_conference_rules,
)
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

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        """Only the kinds of observer the session's body admits (issue 16 §7), each with its rule."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind, f"{label} ({admission_basis(session.body, kind)})")
            for kind, label in OBSERVER_KINDS
            if admits(session.body, kind)
        ]
        if not follows_conference_rules(session.body):
            self.fields["notified_on"].help_text = _("Signatories, UN entities and IGOs.")
            self.fields["applied_on"].help_text = _("Non-signatory States.")


class NgoBriefingForm(StyledForm):
    """A briefing for NGOs on the margins of an IRG session (resolution 4/6)."""

    date = forms.DateField(label=_("Date"), widget=date_widget())
    starts_at = forms.TimeField(label=_("Starts"), widget=time_widget())
    ends_at = forms.TimeField(label=_("Ends"), widget=time_widget())
    room = forms.CharField(label=_("Room"), max_length=80)
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=500)
    topic_zh = forms.CharField(label=_("Topic (Chinese)"), max_length=500, required=False)
    organizations = forms.CharField(
        label=_("Non-governmental organizations invited"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=60_000,
        help_text=_("One per line, as named in the observers' accounts."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_organizations(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["organizations"].splitlines() if line.strip()]

    @staticmethod
    def initial_of(briefing: Any) -> dict[str, Any]:
        fields = ["date", "starts_at", "ends_at", "room", "topic_en", "topic_zh", "note"]
        return {f: getattr(briefing, f) for f in fields} | {
            "organizations": "\n".join(briefing.invitations.values_list("organization", flat=True))
        }
