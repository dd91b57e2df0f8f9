"""The filters of the analysis pages (also parsed for the downloads and the charts)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.analysis.selectors import NeedsFilter
from irm.convention.models import Chapter
from irm.cycles.models import Cycle, TACategory
from irm.parties.models import RegionalGroup


class NeedsFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
    since = forms.DateField(
        label=_("Compare with"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("An earlier date (the previous note)."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    chapter = forms.TypedChoiceField(label=_("Chapter"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)
    categories = forms.ChoiceField(
        label=_("Counting of categories"),
        choices=[("all", _("Every category of a need")), ("primary", _("Primary category only"))],
        required=False,
    )

    def __init__(self, data=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        data = data.copy() if data is not None else {}
        cycles = list(Cycle.objects.order_by("number").values_list("number", flat=True))
        data.setdefault("cycle", str(cycles[-1]) if cycles else "")
        data.setdefault("as_of", date.today().isoformat())
        super().__init__(data, **kwargs)
        self.fields["cycle"].choices = [(n, _("Cycle %(n)s") % {"n": n}) for n in cycles]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("All regions")), *RegionalGroup.choices]  # type: ignore[attr-defined]
        self.fields["chapter"].choices = [("", _("All chapters"))] + [  # type: ignore[attr-defined]
            (c.number, str(c)) for c in Chapter.objects.order_by("number")
        ]
        cycle = data.get("cycle")
        categories = (
            TACategory.objects.filter(cycle__number=cycle)
            if str(cycle).isdigit()
            else TACategory.objects.none()
        )
        self.fields["category"].choices = [("", _("All categories"))] + [(c.code, c.name) for c in categories]  # type: ignore[attr-defined]

    def needs_filter(self) -> NeedsFilter:
        d = self.cleaned_data
        return NeedsFilter(
            cycle=d["cycle"],
            as_of=d["as_of"],
            since=d.get("since"),
            categories=d.get("categories") or "all",
            region=d.get("region") or None,
            chapter=d.get("chapter"),
            category=d.get("category") or None,
        )


class ThematicForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    chapter = forms.TypedChoiceField(label=_("Chapter"), coerce=int)
    region = forms.ChoiceField(label=_("Regional supplement"), required=False)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        data = data.copy() if data is not None else {}
        cycles = list(Cycle.objects.order_by("number").values_list("number", flat=True))
        data.setdefault("cycle", str(cycles[-1]) if cycles else "")
        data.setdefault("chapter", "2")
        data.setdefault("as_of", date.today().isoformat())
        super().__init__(data, **kwargs)
        self.fields["cycle"].choices = [(n, _("Cycle %(n)s") % {"n": n}) for n in cycles]  # type: ignore[attr-defined]
        self.fields["chapter"].choices = [(c.number, str(c)) for c in Chapter.objects.order_by("number")]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("All regions (thematic report)")), *RegionalGroup.choices]  # type: ignore[attr-defined]
