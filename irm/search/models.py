"""The search indexes: one table per audience, never mixed.

`PublicEntry` holds only what anyone may read (the public record); `RestrictedEntry` holds
confidential material and is only ever queried through the owning apps' permission functions.
The public query path cannot reach confidential text because it is not in the table it reads.

Each entry is one document of a `kind` ("finding", "checklist_answer"…): its `tokens` (made by
`irm.search.text`, the only thing the full-text index sees), the values it is filtered and counted
by (`facets`: name → list of codes) and sorted by (`sort`), and the `scope` it is refreshed with
(e.g. "review:12": all findings of a review are replaced at once). The full-text index itself is
database-specific and made by migration `0002`: a generated `tsvector` column (`simple`
configuration) with a GIN index on PostgreSQL, an external-content FTS5 table (`unicode61`) kept
in step by triggers on SQLite.
"""

from __future__ import annotations

from django.db import models


class Entry(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    scope = models.CharField(max_length=60, blank=True, default="")
    language = models.CharField(max_length=10, blank=True, default="")
    tokens = models.TextField()
    facets = models.JSONField(default=dict, blank=True)
    sort = models.JSONField(default=dict, blank=True)
    version = models.CharField(max_length=64, blank=True, default="", help_text="Fingerprint of the source.")
    indexed_at = models.DateTimeField(auto_now=True)

    objects = models.Manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class PublicEntry(Entry):
    """A document anyone may read (the published set)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_public_unique"),
        ]
        indexes = [models.Index(fields=["kind", "scope"], name="search_public_scope_idx")]


class RestrictedEntry(Entry):
    """A confidential document: matched by text, then narrowed by the owning app's `visible_to`."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_restricted_unique"),
        ]
        indexes = [models.Index(fields=["kind", "scope"], name="search_restricted_scope_idx")]


class Generation(models.Model):
    """A token per (index table, kind), new at every write: readers rebuild their caches when it changes."""

    key = models.CharField(max_length=80, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
