from __future__ import annotations

from typing import cast

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.cycles.models import TACategory
from irm.findings.models import DocumentKind, FindingType, FollowUpStatus, TranslationKind
from irm.reviews.models import Review

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


def article_label(article: Article) -> str:
    """An article as a person names it: its number and its title in the interface language."""
    return _("Article %(number)s — %(title)s") % {"number": article.number, "title": article.title}


def chapter_label(chapter: Chapter) -> str:
    return _("Chapter %(roman)s — %(title)s") % {"roman": chapter.roman, "title": chapter.title}


class FindingForm(BootstrapForm):
    """A finding of one review: its articles chosen by number and title, its chapter and its categories
    by name, the challenge a recommendation answers by its text — never a database id or a code.

    The choices are the review's cycle's (articles under review, TA categories) and the review's own
    challenges; the values posted are article numbers, category codes and challenge ids, which the
    findings services resolve as before.
    """

    type = forms.ChoiceField(label=_("Type"), choices=FindingType.choices)
    chapter = forms.TypedChoiceField(
        label=_("Chapter"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Empty: the chapter of the first article."),
    )
    articles = forms.TypedMultipleChoiceField(
        label=_("Articles"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Choose one or more (Ctrl or ⌘ + click); none for the chapter in general."),
    )
    paragraphs = forms.CharField(
        label=_("Paragraphs"), required=False, max_length=100, help_text=_('e.g. "1; 2 (a)"')
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of technical assistance"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Only for a technical-assistance need."),
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    answers = forms.TypedChoiceField(
        label=_("Challenge it answers"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only for a recommendation."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, help_text=_("required once the findings are frozen")
    )

    def __init__(self, *args, review: Review, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        articles = list(review.cycle.articles.select_related("chapter").order_by("number"))
        if not articles:  # a cycle without its articles recorded: the whole Convention
            articles = list(Article.objects.select_related("chapter").order_by("number"))
        chapters = sorted({a.chapter.pk: a.chapter for a in articles}.values(), key=lambda c: c.number)
        field = self.fields
        cast(forms.ChoiceField, field["chapter"]).choices = [
            ("", _("— from the articles —")),
            *((c.number, chapter_label(c)) for c in chapters),
        ]
        cast(forms.ChoiceField, field["articles"]).choices = [(a.number, article_label(a)) for a in articles]
        cast(forms.ChoiceField, field["categories"]).choices = [
            (c.code, c.name) for c in TACategory.objects.filter(cycle_id=review.cycle_id)
        ]
        challenges = review.findings.filter(type=FindingType.CHALLENGE).order_by("pk")
        cast(forms.ChoiceField, field["answers"]).choices = [
            ("", _("— none —")),
            *((f.pk, Truncator(f.text).chars(90)) for f in challenges),
        ]


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
