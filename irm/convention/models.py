from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.core.i18n import localized


class Chapter(models.Model):
    """A chapter of the Convention, numbered 1–8 (shown in Roman numerals)."""

    number = models.PositiveSmallIntegerField(unique=True)
    roman = models.CharField(max_length=5)
    title_en = models.CharField(max_length=200)
    title_zh = models.CharField(max_length=200, blank=True)
    title_ar = models.CharField(max_length=200, blank=True)
    title_fr = models.CharField(max_length=200, blank=True)
    title_ru = models.CharField(max_length=200, blank=True)
    title_es = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{self.roman}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Article(models.Model):
    """An article of the Convention, identified by its number (1–71)."""

    number = models.PositiveSmallIntegerField(unique=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="articles")
    title_en = models.CharField(max_length=200)
    title_zh = models.CharField(max_length=200, blank=True)
    title_ar = models.CharField(max_length=200, blank=True)
    title_fr = models.CharField(max_length=200, blank=True)
    title_ru = models.CharField(max_length=200, blank=True)
    title_es = models.CharField(max_length=200, blank=True)
    title_zh_verified = models.BooleanField(
        default=False, help_text=_("The Chinese title was checked against an official text.")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"{_('Article')} {self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")
