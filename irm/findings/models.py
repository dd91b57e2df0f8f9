from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.cycles.models import TACategory
from irm.reviews.models import Review


class FindingType(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    CHALLENGE = "challenge", _("Challenge")
    RECOMMENDATION = "recommendation", _("Recommendation")
    TA_NEED = "ta_need", _("Technical-assistance need")


class Finding(models.Model):
    """One item of a review's outcome, linked to articles, to a chapter in general, or to neither.

    A finding linked to articles also has `chapter` set (the chapter of its first article) so that
    findings of a chapter can be selected without a join; `is_general` marks a finding of the
    chapter as a whole.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    type = models.CharField(max_length=20, choices=FindingType.choices)
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    articles = models.ManyToManyField(Article, blank=True, related_name="findings")
    text = models.TextField()
    language = models.CharField(max_length=10, default="en")
    categories = models.ManyToManyField(TACategory, blank=True, related_name="findings")
    primary_category = models.ForeignKey(
        TACategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text=_("For a recommendation: the challenge it answers."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "type", "id"]
        indexes = [models.Index(fields=["review", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.text[:60]}"

    @property
    def is_general(self) -> bool:
        return self.chapter_id is not None and not self.articles.exists()
