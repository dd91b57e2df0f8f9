"""The knowledge library (issue 21 §5, seed S000 ¶51): laws, case law, institutional arrangements, good
practices and policies that States and the secretariat submit, each with its State, the articles it
bears on, its date and source, and one file per language (an original, or a translation made by a
person or by a machine). Focal points submit for their own State; the secretariat publishes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article
from irm.parties.models import State

#: The languages a library file may be in: the six official ones and the languages laws are often
#: submitted in. Codes are ISO 639-1; people read the names.
LANGUAGES = {
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "de": _("German"),
    "pt": _("Portuguese"),
    "it": _("Italian"),
    "nl": _("Dutch"),
    "sw": _("Swahili"),
    "id": _("Indonesian"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "tr": _("Turkish"),
    "other": _("Another language"),
}


class DocumentType(models.TextChoices):
    LAW = "law", _("Law")
    CASE_LAW = "case_law", _("Case law")
    INSTITUTIONAL = "institutional", _("Institutional arrangement")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    POLICY = "policy", _("Policy")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, not yet published")
    PUBLISHED = "published", _("Published")


class Translation(models.TextChoices):
    ORIGINAL = "original", _("Original")
    HUMAN = "human", _("Translation by a person")
    MACHINE = "machine", _("Machine translation")


class LibraryDocument(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="library_documents")
    type = models.CharField(max_length=20, choices=DocumentType.choices)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    articles = models.ManyToManyField(Article, related_name="library_documents", blank=True)
    date = models.DateField(null=True, blank=True, help_text="The date of the document (adoption, judgment…)")
    source = models.CharField(max_length=500, blank=True, help_text="Where it comes from: a gazette, a URL…")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["state", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class DocumentFile(models.Model):
    """The document in one language: the original or a translation."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=8)
    translation = models.CharField(max_length=10, choices=Translation.choices, default=Translation.ORIGINAL)
    file = models.FileField(upload_to="library/%Y/%m/")
    filename = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    #: The text read from the file for the search (Word and text files; empty for PDFs and workbooks).
    text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="library_one_file_per_language")
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def language_name(self) -> str:
        return str(LANGUAGES.get(self.language, self.language))
