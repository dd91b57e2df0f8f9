"""Session documents with their UN symbols, a file per language and links to platform outputs."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import localized
from irm.core.models import TimeStampedModel
from irm.meetings.models.sessions import LANGUAGES, AgendaItem, Session


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    NOTE = "note", _("Note by the Secretariat")
    CRP = "crp", _("Conference room paper")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    STATEMENT = "statement", _("Statement")
    AGENDA = "agenda", _("Provisional agenda and annotations")
    OTHER = "other", _("Other")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted")


class Document(TimeStampedModel):
    """A session document with its UN symbol (e.g. CAC/COSP/2023/10) and a file per language."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    symbol = models.CharField(max_length=80, unique=True)
    title_en = models.CharField(max_length=500)
    title_zh = models.CharField(max_length=500, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    issued_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.NOTE)
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.PUBLIC)

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def file_stem(self) -> str:
        """The symbol as a file name: CAC/COSP/2023/10 → CAC_COSP_2023_10."""
        return re.sub(r"[^A-Za-z0-9.]+", "_", self.symbol).strip("_")


class DocumentFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(max_length=2, choices=LANGUAGES)
    file = models.FileField(upload_to="meetings/documents/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="meetings_document_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} [{self.language}]"


class OutputKind(models.TextChoices):
    TA_NEEDS_ANALYSIS = "ta_needs_analysis", _("Technical-assistance needs analysis")
    REVIEW = "review", _("Country review")
    EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
    COUNTRY_REPORT = "country_report", _("Country report")
    THEMATIC_REPORT = "thematic_report", _("Thematic report")
    FINANCE_REPORT = "finance_report", _("Financial report")
    OTHER = "other", _("Other platform output")


class DocumentLink(models.Model):
    """A link from a document to something the platform produced (kind + identifier and/or URL).

    Generic on purpose: the meetings app must not import the analysis or findings apps.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=24, choices=OutputKind.choices)
    identifier = models.CharField(max_length=120, blank=True)
    url = models.CharField(max_length=500, blank=True)
    label = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["document", "kind", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "kind", "identifier", "url"], name="meetings_doclink_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(identifier="") | ~models.Q(url=""), name="meetings_doclink_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} → {self.kind}:{self.identifier or self.url}"
