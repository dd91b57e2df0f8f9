"""The analysis app's only writes: its per-review need-count cache (`NeedCount`, `NeedCountStamp`).

The cache is rebuildable from the findings at any time, so its refreshes write no audit event.

It is kept current on every write path, so that a reader finds it ready ("cold" never means a
rebuild of every review): single findings through the model signals (`signals.py`: the review's
stamp goes, its counts are recounted by the next reader), findings written in bulk through the
findings app's `findings_written` signal (`refresh_need_counts` in the writing transaction), and
writes that bypass both (raw SQL, `bulk_create`, `QuerySet.update`) by `verify_need_counts`, which
compares each review's fingerprint with its needs (the worker runs it at start and daily, and
`irm analysis counts` on demand).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError, connection, transaction

from irm.analysis import sql
from irm.analysis.counting import count_rows
from irm.analysis.counting import fingerprints as current_fingerprints
from irm.analysis.models import NeedCount, NeedCountStamp
from irm.findings.models import Finding, FindingType
from irm.reviews.models import Review


def refresh_stale_need_counts(*, review_ids: list[int]) -> list[int]:
    """Recompute the cached counts of the reviews whose needs changed since; returns their ids."""
    current = current_fingerprints(review_ids)
    stamps = dict(
        NeedCountStamp.objects.filter(review_id__in=review_ids).values_list("review_id", "fingerprint")
    )
    stale = [r for r in review_ids if stamps.get(r) != current[r]]
    if stale:
        refresh_need_counts(review_ids=stale, fingerprints=current)
    return stale


def refresh_unstamped_need_counts(*, review_ids: list[int]) -> list[int]:
    """Compute the counts of the reviews that have none (never counted, or forgotten by a signal)."""
    stamped = set(NeedCountStamp.objects.filter(review_id__in=review_ids).values_list("review_id", flat=True))
    missing = [r for r in review_ids if r not in stamped]
    if missing:
        refresh_need_counts(review_ids=missing)
    return missing


def verify_need_counts() -> list[int]:
    """Check every review's counts against its needs (fingerprints); recount the stale. Returns their ids."""
    return refresh_stale_need_counts(
        review_ids=list(Review.objects.order_by("pk").values_list("pk", flat=True))
    )


def refresh_need_counts(*, review_ids: list[int], fingerprints: dict[int, str] | None = None) -> None:
    """Recompute the cached counts of these reviews."""
    if not review_ids:
        return
    fingerprints = fingerprints or current_fingerprints(review_ids)
    if connection.vendor == "sqlite":
        rows = sql.count_rows_scan(review_ids)
    else:
        # PostgreSQL runs the correlated subqueries of the SQLite passes row by row; its hash
        # joins and anti-joins do better with the ORM aggregates and a joined "first category".
        needs = Finding.objects.filter(type=FindingType.TA_NEED, review_id__in=review_ids)
        rows = count_rows(needs, False, review_ids, ["all"])
        rows["primary"] = sql.primary_rows_joined(review_ids)
    merged: dict[tuple[int, str, int], int] = defaultdict(int)
    for dimension, entries in rows.items():
        for r, key, n in entries:
            merged[(r, dimension, key)] += n  # a chapter may come from two queries
    counts = [NeedCount(review_id=r, dimension=d, key=key, needs=n) for (r, d, key), n in merged.items()]
    try:
        with transaction.atomic():
            NeedCount.objects.filter(review_id__in=review_ids).delete()
            NeedCountStamp.objects.filter(review_id__in=review_ids).delete()
            NeedCount.objects.bulk_create(counts, batch_size=2000)
            NeedCountStamp.objects.bulk_create(
                [NeedCountStamp(review_id=r, fingerprint=fingerprints[r]) for r in review_ids]
            )
    except IntegrityError:  # another request refreshed the same reviews at the same time
        pass
