from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.reviews.models import Review


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.state.name)


class RedrawRequestForm(forms.Form):
    """Which of its reviewers a State under review wants drawn again, and why."""

    review = ReviewChoiceField(
        label=_("State under review"),
        queryset=Review.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    replace = forms.MultipleChoiceField(
        label=_("Reviewing State(s) to replace"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
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
        for review in reviews:
            for reviewer in (review.reviewer_1, review.reviewer_2):
                if reviewer is not None:
                    choices[reviewer.iso3] = (
                        f"{reviewer.name} ({reviewer.iso3})"
                        if len(reviews) == 1
                        else f"{reviewer.name} ({reviewer.iso3}) — {review.state.iso3}"
                    )
        replace_field = self.fields["replace"]
        if not isinstance(replace_field, forms.MultipleChoiceField):
            raise RuntimeError("expected isinstance(replace_field, forms.MultipleChoiceField)")
        ordered: list[tuple[str, str]] = sorted(choices.items(), key=lambda choice: choice[1])
        replace_field.choices = ordered


class RedrawDecisionForm(forms.Form):
    note = forms.CharField(label=_("Reason of the decision"), required=False, max_length=2000)
