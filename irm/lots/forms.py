from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.reviews.models import Review


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.state.name)


class StatePickerWidget(forms.CheckboxSelectMultiple):
    """Check boxes of States that carry, for the picker script (web/picker.js), each State's name, regional
    group (by name) and the reviews it belongs to (rendered by web/_state_picker.html); without the script
    they are a plain list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_data: dict[str, dict[str, str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):  # type: ignore[no-untyped-def]
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["data"] = self.option_data.get(str(value), {})
        return option


class RedrawRequestForm(forms.Form):
    """Which of its reviewers a State under review wants drawn again, and why."""

    review = ReviewChoiceField(
        label=_("State under review"),
        queryset=Review.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    replace = forms.MultipleChoiceField(
        label=_("Reviewing State(s) to replace"), widget=StatePickerWidget, choices=()
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), max_length=4000
    )

    def __init__(self, *args: Any, reviews: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviews = list(reviews)
        review_field = self.fields["review"]
        if not isinstance(review_field, ReviewChoiceField):
            raise RuntimeError("expected isinstance(review_field, ReviewChoiceField)")
        review_field.queryset = Review.objects.filter(pk__in=[r.pk for r in reviews]).select_related("state")
        if len(reviews) == 1:
            review_field.initial = reviews[0].pk
        choices: dict[str, str] = {}
        data: dict[str, dict[str, str]] = {}
        for review in reviews:
            for reviewer in (review.reviewer_1, review.reviewer_2):
                if reviewer is None:
                    continue
                row = data.setdefault(
                    reviewer.iso3,
                    {"name": reviewer.name, "region": reviewer.get_regional_group_display(), "reviews": ""},
                )
                row["reviews"] = f"{row['reviews']} {review.pk}".strip()
                under = choices.get(reviewer.iso3, "")
                choices[reviewer.iso3] = (
                    str(reviewer.name)
                    if len(reviews) == 1
                    else f"{under}, {review.state.name}"
                    if under
                    else str(
                        _("%(reviewer)s — reviewing %(state)s")
                        % {"reviewer": reviewer.name, "state": review.state.name}
                    )
                )
        replace_field = self.fields["replace"]
        if not isinstance(replace_field, forms.MultipleChoiceField):
            raise RuntimeError("expected isinstance(replace_field, forms.MultipleChoiceField)")
        ordered: list[tuple[str, str]] = sorted(choices.items(), key=lambda choice: choice[1])
        replace_field.choices = ordered
        widget = replace_field.widget
        if isinstance(widget, StatePickerWidget):
            widget.option_data = data
        #: The regional groups (by name) of the States to choose from, for the picker's region filter.
        self.regions = sorted({row["region"] for row in data.values()})


class RedrawDecisionForm(forms.Form):
    note = forms.CharField(label=_("Reason of the decision"), required=False, max_length=2000)
