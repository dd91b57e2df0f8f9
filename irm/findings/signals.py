"""Signals the findings app sends for writes that no model signal reports.

`insert_findings` (raw SQL, for imports and loaders) and the import's bulk updates bypass Django's
`post_save` and `m2m_changed`; they send `findings_written` instead, inside the writing transaction,
so that whoever keeps something derived from findings (the analysis app's need-count cache) stays
current on every write path.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the writing transaction after findings were inserted or changed in bulk.
#: Keyword arguments: `review_ids` (set of review ids) and `types` (set of FindingType values).
findings_written = Signal()
