from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from irm.findings.models import DocumentKind, FindingType, FollowUpStatus, TranslationKind

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("zh", "中文"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _numbers(value: str) -> list[int]:
    try:
        return [int(p) for p in value.replace(",", ";").split(";") if p.strip()]
    except ValueError as exc:
        raise forms.ValidationError(_("Article numbers separated by semicolons, e.g. 5;6.")) from exc


class FindingForm(BootstrapForm):
    type = forms.ChoiceField(label=_("Type"), choices=FindingType.choices)
    chapter = forms.IntegerField(label=_("Chapter"), required=False, min_value=1, max_value=8)
    articles = forms.CharField(
        label=_("Articles"), required=False, help_text=_("e.g. 5;6 — empty for the chapter in general")
    )
    paragraphs = forms.CharField(label=_("Paragraphs"), required=False, max_length=100)
    categories = forms.CharField(
        label=_("Categories (needs)"), required=False, help_text=_("codes separated by semicolons")
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    answers = forms.IntegerField(label=_("Answers challenge #"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, help_text=_("required once the findings are frozen")
    )

    def clean_articles(self) -> list[int]:
        return _numbers(self.cleaned_data.get("articles") or "")

    def clean_categories(self) -> list[str]:
        return [c.strip() for c in (self.cleaned_data.get("categories") or "").split(";") if c.strip()]


class CommentForm(BootstrapForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class TranslationForm(BootstrapForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Kind"), choices=TranslationKind.choices)
    reviewed = forms.BooleanField(label=_("Reviewed"), required=False)


class ImportForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("What"), choices=[("reviews", _("Reviews")), ("findings", _("Findings"))]
    )
    file = forms.FileField(label=_("File (.csv or .xlsx)"))


class ExportForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("What"), choices=[("findings", _("Findings")), ("reviews", _("Reviews"))]
    )
    cycle = forms.IntegerField(label=_("Cycle"), min_value=1)
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])


class FollowUpForm(BootstrapForm):
    """The State's self-assessment of one recommendation (the history keeps every report)."""

    status = forms.ChoiceField(label=_("Status"), choices=[c for c in FollowUpStatus.choices if c[0]])
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_agency = forms.CharField(label=_("Responsible agency"), required=False, max_length=300)
    planned_date = forms.DateField(
        label=_("Planned date for what is left"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    links = forms.CharField(
        label=_("Links to evidence (one per line, http or https)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document = forms.FileField(label=_("Evidence document (PDF, Word, Excel, image)"), required=False)
    reported_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]


class AcknowledgeForm(BootstrapForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpCommentForm(BootstrapForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


DOCUMENT_KINDS = DocumentKind.values
