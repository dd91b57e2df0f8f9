"""The SQL the ORM could not write well enough: the need-count cache's refresh over whole reviews.

Why raw SQL here, and only here:

- On SQLite, counting every need of many reviews is several times faster as a full scan of the
  findings and through tables in storage order than as the index walk the planner picks (which visits
  the rows in random order). Only SQL can say so: `NOT INDEXED`, and `CROSS JOIN` to keep the through
  table as the outer loop. The ORM has no way to express either hint.
- The same passes fold "a need's further chapters, counted once each" into the article pass with a
  correlated `NOT EXISTS` over the through table, saving a fourth scan; the ORM version
  (`irm.analysis.counting.count_rows`) needs an extra query with `distinct` counts.
- On PostgreSQL, correlated subqueries run row by row; "the first category of a need in the cycle's
  order" is instead found in one join as `MIN(order * 10^9 + id)`, which the ORM cannot express
  without a per-row subquery.

Both functions return the same rows as `counting.count_rows` (a test checks it); the rest of the app
uses the ORM. `cached_rows` reads the cache's rows with a plain cursor: a cycle's analysis reads tens of
thousands of them, and building a tuple per row in the ORM cost more than the query.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from irm.analysis.counting import FindingArticle, FindingCategory, Rows, group_rows
from irm.analysis.models import NeedCount
from irm.convention.models import Article
from irm.cycles.models import TACategory
from irm.findings.models import Finding, FindingType

#: Above this many reviews the cache refresh reads whole tables rather than walking an index.
SCAN_ABOVE = 20


def count_rows_scan(review_ids: list[int]) -> Rows:
    """The same counts as `counting.count_rows` for whole reviews, in three passes over the tables.

    For many reviews the passes read the findings table and the two through tables in storage
    order (on SQLite a full scan is several times faster than an index walk that visits the rows
    in random order: `NOT INDEXED`, and CROSS JOIN to keep the through table as the outer loop);
    for a few reviews the planner's own choice (the (review, type) index) is better.
    """
    from django.db import connection

    rows: Rows = defaultdict(list)
    if not review_ids:
        return rows
    q = connection.ops.quote_name
    finding = q(Finding._meta.db_table)
    fa = q(FindingArticle._meta.db_table)
    fc = q(FindingCategory._meta.db_table)
    article = q(Article._meta.db_table)
    category = q(TACategory._meta.db_table)
    many = len(review_ids) > SCAN_ABOVE
    scan = " NOT INDEXED" if many and connection.vendor == "sqlite" else ""
    join = "CROSS JOIN" if many else ","  # a comma join leaves the order to the planner
    ids = ", ".join(["%s"] * len(review_ids))
    where = f"f.type = %s AND f.review_id IN ({ids})"
    params: list[Any] = [str(FindingType.TA_NEED), *review_ids]
    with connection.cursor() as cursor:
        # 1. Totals, the chapter of each need (Finding.chapter), general and unlinked needs.
        cursor.execute(
            f"SELECT f.review_id, f.chapter_id,"
            f" CASE WHEN EXISTS (SELECT 1 FROM {fa} l WHERE l.finding_id = f.id) THEN 1 ELSE 0 END,"
            f" COUNT(*) FROM {finding} f{scan} WHERE {where} GROUP BY 1, 2, 3",
            params,
        )
        totals: dict[int, int] = defaultdict(int)
        for review_id, chapter_id, linked, n in cursor.fetchall():
            totals[review_id] += n
            if chapter_id is not None:
                rows["chapter"].append((review_id, chapter_id, n))
                if not linked:
                    rows["general"].append((review_id, chapter_id, n))
            elif not linked:
                rows["unlinked"].append((review_id, 0, n))
        rows["total"] = [(r, 0, n) for r, n in totals.items()]
        # 2. Articles; a need's further chapters counted once each (on the chapter's first article).
        cursor.execute(
            f"SELECT f.review_id, l.article_id, a.chapter_id, COUNT(*),"
            f" SUM(CASE WHEN (f.chapter_id IS NULL OR a.chapter_id <> f.chapter_id) AND NOT EXISTS ("
            f"  SELECT 1 FROM {fa} l2 JOIN {article} a2 ON a2.id = l2.article_id"
            f"  WHERE l2.finding_id = l.finding_id AND a2.chapter_id = a.chapter_id AND l2.article_id < l.article_id"
            f" ) THEN 1 ELSE 0 END)"
            f" FROM {fa} l {join} {finding} f {join} {article} a"
            f" WHERE f.id = l.finding_id AND a.id = l.article_id AND {where} GROUP BY 1, 2, 3",
            params,
        )
        for review_id, article_id, chapter_id, n, extra in cursor.fetchall():
            rows["article"].append((review_id, article_id, n))
            if extra:
                rows["chapter"].append((review_id, chapter_id, extra))
        # 3. Every category of each need.
        cursor.execute(
            f"SELECT f.review_id, l.tacategory_id, COUNT(*) FROM {fc} l {join} {finding} f"
            f" WHERE f.id = l.finding_id AND {where} GROUP BY 1, 2",
            params,
        )
        rows["category"] = [tuple(r) for r in cursor.fetchall()]  # type: ignore[misc]
        # 4. The primary category: the marked one, else the first by the cycle's order.
        cursor.execute(
            f"SELECT review_id, p, COUNT(*) FROM (SELECT f.review_id, COALESCE(f.primary_category_id,"
            f" (SELECT l.tacategory_id FROM {fc} l JOIN {category} c ON c.id = l.tacategory_id"
            f"  WHERE l.finding_id = f.id ORDER BY c.{q('order')}, c.id LIMIT 1)) AS p"
            f" FROM {finding} f{scan} WHERE {where}) x WHERE p IS NOT NULL GROUP BY 1, 2",
            params,
        )
        rows["primary"] = [tuple(r) for r in cursor.fetchall()]  # type: ignore[misc]
    # 5. The note's groups of articles (R-A1): distinct needs per group, one ORM statement.
    rows["group"] = group_rows(Finding.objects.none(), False, review_ids)
    return rows


def primary_rows_joined(review_ids: list[int]) -> list[tuple[int, int, int]]:
    """Per review and primary category: the marked one, else the first by order (one join, no
    correlated subquery). The first category is found as MIN(order × 10⁹ + id)."""
    from django.db import connection

    if not review_ids:
        return []
    q = connection.ops.quote_name
    finding = q(Finding._meta.db_table)
    fc = q(FindingCategory._meta.db_table)
    category = q(TACategory._meta.db_table)
    ids = ", ".join(["%s"] * len(review_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.review_id, COALESCE(f.primary_category_id, MOD(m.first, 1000000000)) AS p, COUNT(*)"
            f" FROM {finding} f LEFT JOIN (SELECT l.finding_id, MIN(CAST(c.{q('order')} AS BIGINT) * 1000000000 + c.id) AS first"
            f"  FROM {fc} l JOIN {category} c ON c.id = l.tacategory_id GROUP BY l.finding_id) m"
            f" ON m.finding_id = f.id"
            f" WHERE f.type = %s AND f.review_id IN ({ids})"
            f" AND (f.primary_category_id IS NOT NULL OR m.first IS NOT NULL) GROUP BY 1, 2",
            [str(FindingType.TA_NEED), *review_ids],
        )
        return [(r, p, n) for r, p, n in cursor.fetchall()]


def cached_rows(review_ids: list[int]) -> list[tuple[int, str, int, int]]:
    """(review, dimension, key, needs) of these reviews from the need-count cache."""
    from django.db import connection

    if not review_ids:
        return []
    table = connection.ops.quote_name(NeedCount._meta.db_table)
    ids = ", ".join(["%s"] * len(review_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review_id, dimension, {connection.ops.quote_name('key')}, needs FROM {table}"
            f" WHERE review_id IN ({ids})",
            review_ids,
        )
        return cursor.fetchall()
