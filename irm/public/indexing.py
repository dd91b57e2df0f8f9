"""The public findings index: every finding of the published set, and nothing else.

Documents come only from `irm.findings.selectors.published_findings()` and go only to
`irm.search.models.PublicEntry` (kind "finding", scope "review:<id>": a review's findings are
replaced together). Kept current three ways:

- on publication, consent or withdrawal: the reviews services ask for a refresh of the review
  (`request_reindex(kind="review")`), which lands in `refresh_reviews` after commit;
- on a change to a finding, its translations or its confirmed tags: `refresh_findings`;
- every ten minutes `sync()` compares each published review's signature with the index's, and
  removes reviews that are no longer published.

Whatever the index holds, the search never shows or counts a finding whose review is not
published at the time of the query (irm.public.selectors passes the published reviews as a
requirement), so a late refresh can delay a publication but never leak a withdrawal.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min

from irm.findings.models import TYPE_ORDER, Finding, FindingTranslation
from irm.findings.selectors import published_reviews
from irm.reviews.models import Milestone, Stage
from irm.search import services
from irm.search.models import PublicEntry
from irm.search.services import Document
from irm.search.text import index_text
from irm.themes.models import FindingTag, TagKind, TagStatus
from irm.themes.selectors import confirmed_tags

KIND = "finding"
#: The filters of the public search (and the facets counted), in the order the page shows them.
FACETS = ("state", "region", "cycle", "year", "article", "chapter", "type", "category", "theme", "language")
NO_ARTICLE = 999  # sorts findings of a chapter in general after those of an article
_TYPE_RANK = {t.value: i for i, t in enumerate(TYPE_ORDER)}
REVIEW_BATCH = 50


def scope(review_id: int) -> str:
    return f"review:{review_id}"


def published_review_ids() -> set[int]:
    return set(published_reviews().values_list("pk", flat=True))


def publication_dates(review_ids: Iterable[int]) -> dict[int, date]:
    """When each review's outcome became public: the earliest of summary and (consented) report publication."""
    ids = list(review_ids)
    dates: dict[int, date] = {}
    for review_id, stage, done_on, consent in Milestone.objects.filter(
        review_id__in=ids, stage__in=[Stage.SUMMARY_PUBLISHED, Stage.REPORT_PUBLISHED], done_on__isnull=False
    ).values_list("review_id", "stage", "done_on", "review__report_publication_consent"):
        if done_on is None or (stage == Stage.REPORT_PUBLISHED and not consent):
            continue
        if review_id not in dates or done_on < dates[review_id]:
            dates[review_id] = done_on
    return dates


def _findings(review_ids: list[int]) -> Iterator[Finding]:
    return (
        Finding.objects.filter(review_id__in=review_ids)
        .select_related("review__state", "review__cycle", "chapter")
        .prefetch_related("articles", "categories", "translations")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )


def documents_for(review_ids: list[int]) -> dict[int, list[Document]]:
    """The index documents of the findings of these (published) reviews, per review."""
    published_on = publication_dates(review_ids)
    signatures = review_signatures(review_ids)
    out: dict[int, list[Document]] = defaultdict(list)
    findings = list(_findings(review_ids))
    tags = confirmed_tags([f.pk for f in findings])
    for finding in findings:
        out[finding.review_id].append(
            document_for(
                finding,
                published_on=published_on.get(finding.review_id),
                tags=tags.get(finding.pk, {}),
                signature=signatures.get(finding.review_id, ""),
            )
        )
    return out


def document_for(
    finding: Finding, *, published_on: date | None, tags: dict[str, set[str]], signature: str
) -> Document:
    review = finding.review
    translations = list(finding.translations.all())
    articles = sorted(
        {a.number for a in finding.articles.all()} | {int(c) for c in tags.get(TagKind.ARTICLE, ())}
    )
    categories = sorted({c.code for c in finding.categories.all()} | set(tags.get(TagKind.CATEGORY, ())))
    languages = sorted({finding.language} | {t.language for t in translations})
    facets: dict[str, list[str]] = {
        "state": [review.state.iso3],
        "region": [review.state.regional_group],
        "cycle": [str(review.cycle.number)],
        "year": [str(published_on.year)] if published_on else [],
        "article": [str(n) for n in articles],
        "chapter": [str(finding.chapter.number)] if finding.chapter else [],
        "type": [finding.type],
        "category": categories,
        "theme": sorted(tags.get(TagKind.THEME, ())),
        "language": languages,
        "review": [str(review.pk)],
    }
    return Document(
        object_id=finding.pk,
        tokens=index_text([(finding.text, finding.language)] + [(t.text, t.language) for t in translations]),
        language=finding.language,
        facets={name: values for name, values in facets.items() if values},
        sort={
            "date": published_on.isoformat() if published_on else "",
            "state": review.state.iso3,
            "article": articles[0] if articles else NO_ARTICLE,
            "type": _TYPE_RANK.get(finding.type, 9),
        },
        scope=scope(review.pk),
        version=signature,
    )


def review_signatures(review_ids: Iterable[int]) -> dict[int, str]:
    """A fingerprint of everything the index holds for each review: a change anywhere changes it."""
    ids = list(review_ids)
    parts: dict[int, list[Any]] = defaultdict(list)
    published = publication_dates(ids)
    for row in (
        Finding.objects.filter(review_id__in=ids)
        .values("review_id")
        .annotate(n=Count("pk"), last=Max("updated_at"), first=Min("pk"), top=Max("pk"))
    ):
        parts[row["review_id"]] += ["f", row["n"], row["last"], row["first"], row["top"]]
    for review_id, n, last in (
        FindingTranslation.objects.filter(finding__review_id__in=ids)
        .values("finding__review_id")
        .annotate(n=Count("pk"), last=Max("updated_at"))
        .values_list("finding__review_id", "n", "last")
    ):
        parts[review_id] += ["t", n, last]
    for review_id, n, last in (
        FindingTag.objects.filter(finding__review_id__in=ids, status=TagStatus.CONFIRMED)
        .values("finding__review_id")
        .annotate(n=Count("pk"), last=Max("decided_at"))
        .values_list("finding__review_id", "n", "last")
    ):
        parts[review_id] += ["g", n, last]
    return {
        review_id: hashlib.sha256(repr([published.get(review_id), *parts[review_id]]).encode()).hexdigest()
        for review_id in ids
        if review_id in parts  # a review without findings has nothing to index
    }


def refresh_reviews(*, object_ids: list[int]) -> int:
    """Indexer for kind "review": the reviews' findings are indexed if published, removed if not.

    A review whose index entries are already those of its current content is left alone (no write,
    no new generation), so the many stage changes that publish nothing cost two small queries."""
    ids = sorted(set(object_ids))
    published = published_review_ids() & set(ids)
    indexed = indexed_signatures(ids)
    current = review_signatures(published)
    changed = [
        r
        for r in ids
        if (r in published and (r in current or r in indexed) and indexed.get(r) != current.get(r))
        or (r not in published and r in indexed)
    ]
    written = 0
    for start in range(0, len(changed), REVIEW_BATCH):
        batch = changed[start : start + REVIEW_BATCH]
        documents = documents_for([r for r in batch if r in published])
        for review_id in batch:
            written += services.replace_scope(
                index=PublicEntry, kind=KIND, scope=scope(review_id), documents=documents.get(review_id, [])
            )
    if changed:
        _bulk_after_change()
    return len(changed)


def refresh_findings(*, object_ids: list[int]) -> int:
    """Indexer for kind "finding": refresh the reviews of these findings (a review is the unit)."""
    reviews = set(Finding.objects.filter(pk__in=object_ids).values_list("review_id", flat=True))
    scopes = PublicEntry.objects.filter(kind=KIND, object_id__in=object_ids).values_list("scope", flat=True)
    reviews |= {int(s.split(":")[1]) for s in scopes.distinct()}  # a deleted finding: its review
    return refresh_reviews(object_ids=sorted(reviews))


def rebuild() -> int:
    """Index the whole published set again (`irm search rebuild public`)."""
    ids = sorted(published_review_ids())

    def all_documents() -> Iterator[Document]:
        for start in range(0, len(ids), REVIEW_BATCH):
            for documents in documents_for(ids[start : start + REVIEW_BATCH]).values():
                yield from documents

    written = services.replace_kind(index=PublicEntry, kind=KIND, documents=all_documents())
    _bulk_after_change()
    return written


def indexed_signatures(review_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Review id → the signature its index entries were made from (all reviews, or these)."""
    entries = PublicEntry.objects.filter(kind=KIND)
    if review_ids is not None:
        entries = entries.filter(scope__in=[scope(r) for r in review_ids])
    return {
        int(s.split(":")[1]): version for s, version in entries.values_list("scope", "version").distinct()
    }


def sync() -> int:
    """Bring the index in step with the published set; returns how many reviews were refreshed."""
    return refresh_reviews(object_ids=sorted(published_review_ids() | set(indexed_signatures())))


def _bulk_after_change() -> None:
    from irm.public import bulk

    bulk.request_rebuild()
