"""The analytics' forms: which cycle and day the process analytics show; a proposal's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from irm.analytics import labels, simulation
from irm.cycles.models import Cycle

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class DefaultOrYesNo(forms.NullBooleanSelect):
    """Yes, no, or the last cycle's setting (empty)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("As in the last cycle")), ("true", _("Yes")), ("false", _("No"))]


class ProcessForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int, choices=(), required=False, empty_value=None)
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycles = list(Cycle.objects.order_by("number"))
        field = self.fields["cycle"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 (declared above)
        field.choices = [(c.number, c.name) for c in cycles]
        if cycles:
            self.fields["cycle"].initial = cycles[-1].number

    def values(self) -> tuple[int | None, Any]:
        """The cycle (the last one when none is asked for) and the day (today when none)."""
        data = self.cleaned_data
        return data.get("cycle") or self.fields["cycle"].initial, data.get("as_of") or timezone.localdate()


def _durations(value: str) -> list[int] | None:
    """Days as the form takes them: empty (the last cycle's), one number, or numbers separated by commas."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise forms.ValidationError(_("Write whole numbers of days separated by commas.")) from None


class ProposalForm(forms.Form):
    """A proposal's settings; an empty field takes the default the page shows beside it."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reviews_per_year = forms.IntegerField(
        label=_("Reviews started a year"), required=False, min_value=1, max_value=1000
    )
    reviewer_cap_per_year = forms.IntegerField(
        label=_("Cap on reviews by one party a year"), required=False, min_value=1, max_value=100
    )
    reviewer_cap_per_cycle = forms.IntegerField(
        label=_("Cap on reviews by one party in the phase"), required=False, min_value=1, max_value=100
    )
    reviewers_per_review = forms.IntegerField(
        label=_("Reviewing parties per review"), initial=2, min_value=1, max_value=4
    )
    eu_reviewed = forms.NullBooleanField(
        label=_("The European Union is reviewed"),
        required=False,
        widget=DefaultOrYesNo(),
    )
    eu_reviews = forms.NullBooleanField(
        label=_("The European Union may review"),
        required=False,
        widget=DefaultOrYesNo(),
    )
    completion_threshold = forms.DecimalField(
        label=_("Completion threshold (a share, e.g. 0.7)"),
        required=False,
        min_value=0.01,
        max_value=1,
        decimal_places=3,
    )
    start_year = forms.IntegerField(label=_("First year"), required=False, min_value=2000, max_value=2100)
    cost_per_review = forms.DecimalField(
        label=_("Cost of one review (USD)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    pledged_contributions = forms.DecimalField(
        label=_("Pledged contributions available (USD)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    runs = forms.IntegerField(
        label=_("Monte Carlo runs"), initial=200, min_value=1, max_value=simulation.MAX_RUNS
    )
    seed = forms.CharField(label=_("Seed"), initial="1", max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for stage in simulation.SIMULATED_STAGES:
            self.fields[f"days_{stage.value}"] = forms.CharField(
                label=labels.stage(stage.value),
                required=False,
                max_length=2000,
                help_text=_("Days after the stage before: empty for the last cycle's measured durations."),
            )

    def stage_fields(self) -> list[Any]:
        return [self[f"days_{stage.value}"] for stage in simulation.SIMULATED_STAGES]

    def setting_fields(self) -> list[Any]:
        names = [n for n in simulation.FIELDS if n not in ("name", "stage_durations")]
        return [self[n] for n in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for stage in simulation.SIMULATED_STAGES:
            key = f"days_{stage.value}"
            try:
                data[key] = _durations(self.data.get(self.add_prefix(key), ""))
            except forms.ValidationError as exc:
                self.add_error(key, exc)
        return data

    def config(self) -> dict[str, Any]:
        """The settings as a proposal file would hold them (checked again by the simulator's validator)."""
        data = self.cleaned_data
        config: dict[str, Any] = {}
        for name in simulation.FIELDS:
            if name in ("name", "stage_durations"):
                continue
            value = data.get(name)
            if value is None or value == "":
                continue
            config[name] = (
                str(value)
                if name in ("completion_threshold", "cost_per_review", "pledged_contributions")
                else value
            )
        seed = str(config.get("seed", "1"))
        config["seed"] = int(seed) if seed.isdigit() and len(seed) < 19 else seed
        durations = {
            s.value: data[f"days_{s.value}"]
            for s in simulation.SIMULATED_STAGES
            if data.get(f"days_{s.value}")
        }
        if durations:
            config["stage_durations"] = durations
        return config

    @classmethod
    def initial_from(cls, proposal: Any) -> dict[str, Any]:
        config = dict(proposal.config)
        initial: dict[str, Any] = {
            k: v for k, v in config.items() if k in simulation.FIELDS and k != "stage_durations"
        }
        initial.update(name=proposal.name, description=proposal.description)
        for stage, days in (config.get("stage_durations") or {}).items():
            initial[f"days_{stage}"] = ", ".join(str(d) for d in days)
        return initial
