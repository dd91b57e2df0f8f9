from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article
from irm.core.i18n import localized
from irm.library.models import LANGUAGES, DocumentType, Translation
from irm.parties.models import State


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in LANGUAGES.items()]


class FileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the file"), choices=language_choices)
    translation = forms.ChoiceField(label=_("Original or translation"), choices=Translation.choices)
    file = forms.FileField(label=_("File (PDF, Word, Excel or plain text)"))


class StateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class ArticlesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {localized(obj, 'title')}"


class SubmitForm(FileForm):
    state = StateField(label=_("State"), queryset=State.objects.none())
    type = forms.ChoiceField(label=_("Type of document"), choices=DocumentType.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    articles = ArticlesField(
        label=_("Articles of the Convention"), queryset=Article.objects.order_by("number"), required=False
    )
    date = forms.DateField(
        label=_("Date (adoption, judgment…)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(label=_("Source (gazette, address…)"), max_length=500, required=False)

    field_order = [
        "state",
        "type",
        "title",
        "description",
        "articles",
        "date",
        "source",
        "language",
        "translation",
        "file",
    ]

    def __init__(self, *args: Any, states: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
