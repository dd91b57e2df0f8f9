from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from irm.accounts.models import Membership, Role, User
from irm.reviews.models import DelayReason, DialogueType, Stage, TimelineStep

DATE = forms.DateInput(attrs={"type": "date"})


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReopenForm(forms.Form):
    stage = forms.ChoiceField(label=_("Re-open stage"), choices=Stage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class DelayForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    category = forms.ChoiceField(label=_("Reason"), choices=DelayReason.choices)
    new_due_on = forms.DateField(label=_("New target date"), widget=DATE)
    reason = forms.CharField(label=_("Details"), required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class FocalPointForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Focal point"), queryset=User.objects.none())

    def __init__(self, *args, state_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = Membership.objects.filter(role=Role.FOCAL_POINT, state_id=state_id).values("user_id")
        self.fields["user"].queryset = User.objects.filter(pk__in=ids).order_by("username")  # type: ignore[attr-defined]


class ExpertForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Governmental expert"), queryset=User.objects.none())

    def __init__(self, *args, reviewer_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from irm.reviews.models import ExpertNomination

        ids = ExpertNomination.objects.filter(state_id__in=reviewer_ids, active=True).values("user_id")
        self.fields["user"].queryset = User.objects.filter(pk__in=ids).order_by("username")  # type: ignore[attr-defined]


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DialogueType.choices)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), required=False, widget=DATE)
    participants = forms.CharField(
        label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    other_stakeholders = forms.BooleanField(
        label=_("Other stakeholders took part (civil society, private sector, academia)"), required=False
    )
    state_agreed = forms.BooleanField(
        label=_(
            "The State under review agreed to a country visit or a joint meeting in Vienna "
            "(without its agreement, record other means of dialogue)"
        ),
        required=False,
    )


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages of the review"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=_("Publication of the full report"),
        choices=[("yes", _("The State consents")), ("no", _("The State does not consent"))],
        coerce=lambda v: v == "yes",
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=2000)


class PublishForm(forms.Form):
    on = forms.DateField(label=_("Published on"), required=False, widget=DATE)


class TimelineStepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices[1:])
    days = forms.IntegerField(label=_("Days"), required=False, min_value=0, max_value=3650)
    anchor = forms.ChoiceField(label=_("Counted from"), choices=TimelineStep.Anchor.choices)


def _days_field(label, help_text, bounds: tuple[int, int]) -> forms.IntegerField:
    low, high = bounds
    message = _("Give a whole number of days from %(low)s to %(high)s.") % {"low": low, "high": high}
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        error_messages={"invalid": message, "min_value": message, "max_value": message, "required": message},
    )


class ReminderSettingsForm(forms.Form):
    """A cycle's reminder settings (R-T3); bounds as `irm.cycles.services` checks them."""

    def __init__(self, *args, bounds: dict[str, tuple[int, int]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reminder_every_days"] = _days_field(
            _("Remind every (days)"),
            _("Days between two reminders about an overdue step, until it is done."),
            bounds["reminder_every_days"],
        )
        self.fields["escalate_after_days"] = _days_field(
            _("Escalate after (days)"),
            _("Days after its due date at which a step still not done is escalated to the secretariat."),
            bounds["escalate_after_days"],
        )
        self.fields["reason"] = forms.CharField(
            label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
        )


class OverviewFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any")), *Stage.choices])
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(y, y) for y in range(1, 6)],
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from irm.parties.models import RegionalGroup

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any")), *RegionalGroup.choices]  # type: ignore[attr-defined]
