"""What the findings services share: whether a review's executive summary is agreed, bulk limits."""

from __future__ import annotations

from irm.reviews.models import Milestone, Review, Stage

MAX_BULK_ROWS = 200_000


def summary_agreed(review: Review) -> bool:
    return Milestone.objects.filter(review=review, stage=Stage.SUMMARY_AGREED, done_on__isnull=False).exists()
