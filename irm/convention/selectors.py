from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from irm.convention.models import Article, Chapter


def chapters_with_articles() -> QuerySet[Chapter]:
    return Chapter.objects.prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("number")))
