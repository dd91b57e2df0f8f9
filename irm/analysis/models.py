"""The analysis owns no data of its own, only a cache it can rebuild at any time.

`NeedCount` holds, per review, the number of technical-assistance needs under each chapter,
article and category (the same counts `selectors.ta_needs` would compute from the findings). Every
figure of the needs analysis is a sum over reviews of these per-review counts (as-of and since
dates, regions and visibility all select whole reviews), so a cycle's analysis reads a few
thousand rows instead of joining a million needs to their articles and categories.

A review's rows are valid while its `NeedCountStamp.fingerprint` matches its needs: the stamp is
deleted by signals when a finding of the review or its articles/categories change
(`irm/analysis/signals.py`), and the fingerprint (number and id sum of the review's needs, read
from an index) catches needs created or deleted in bulk. Deleting both tables is always safe.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.reviews.models import Review


class Dimension(models.TextChoices):
    TOTAL = "total", _("All needs")
    CHAPTER = "chapter", _("Chapter")
    GENERAL = "general", _("General needs of a chapter")
    ARTICLE = "article", _("Article")
    CATEGORY = "category", _("Category (every category of a need)")
    PRIMARY = "primary", _("Category (primary category of a need)")
    UNLINKED = "unlinked", _("Needs with no chapter and no article")
    GROUP = "group", _("Group of articles as the secretariat's note treats them")


class NeedCount(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.BigIntegerField(
        help_text=_(
            "Chapter, article or TA-category id; the index of a group in analysis.groups.NOTE_GROUPS; "
            "0 for the total."
        )
    )
    needs = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("cached need count")
        constraints = [
            models.UniqueConstraint(fields=["review", "dimension", "key"], name="analysis_needcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.dimension} {self.key}: {self.needs}"


class NeedCountStamp(models.Model):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, primary_key=True, related_name="+")
    fingerprint = models.CharField(max_length=80)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need count stamp")

    def __str__(self) -> str:
        return f"{self.review_id}: {self.fingerprint}"
