"""Themes (SDG 16 targets, thematic tags) and the tags of findings: suggested, confirmed or rejected.

A finding's articles and categories are set by its drafters (irm.findings). The platform also
*suggests* articles, need categories and themes from a model trained on confirmed findings
(irm.themes.suggest); a suggestion is a `FindingTag` with status `suggested` until the secretariat
confirms or rejects it. Only confirmed tags are public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.findings.models import Finding


class Theme(models.Model):
    """A theme findings are tagged with (reference data: irm/themes/data/themes.csv, with sources)."""

    class Kind(models.TextChoices):
        SDG_TARGET = "sdg_target", _("Sustainable Development Goal target")
        TOPIC = "topic", _("Thematic area")

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveIntegerField(default=0)
    articles = models.CharField(
        max_length=200, blank=True, help_text=_("Articles of the Convention the theme is about (5;6).")
    )
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    name_es = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def article_numbers(self) -> list[int]:
        return [int(n) for n in self.articles.split(";") if n.strip().isdigit()]


class TagKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    CATEGORY = "category", _("Need category")
    THEME = "theme", _("Theme")


class TagStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class TagOrigin(models.TextChoices):
    MODEL = "model", _("Suggested by the model")
    MANUAL = "manual", _("Added by the secretariat")
    DEMO = "demo", _("Demo")


class FindingTag(models.Model):
    """An article number, need-category code or theme code on a finding, and who decided it."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=10, choices=TagKind.choices)
    code = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=TagStatus.choices, default=TagStatus.SUGGESTED)
    origin = models.CharField(max_length=10, choices=TagOrigin.choices, default=TagOrigin.MODEL)
    score = models.FloatField(null=True, blank=True, help_text=_("The model's confidence, 0–1."))
    model_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["finding", "kind", "-score", "code"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "kind", "code"], name="themes_tag_unique"),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="themes_tag_status_idx")]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.kind}:{self.code} ({self.status})"
