"""Imports of reviews and findings from CSV/XLSX files: validate everything, then write all or nothing.

Both imports run the same named steps, each a function that can be tested on its own:

1. `read` the file (`common.read`): its rows, and any required column missing;
2. `resolve` each row's cells to what they name (cycle, State, review, chapter, articles, categories);
3. `validate` the rules of each row and across rows, collecting every error with file, row and column
   (nothing is written if there is one);
4. `plan`: compare each row with the database (create, update or unchanged) — the preview;
5. unless it is a dry run, `apply` the plan in one short transaction, with one ImportBatch row and
   audit event. Steps 1–4 only read, so the write transaction opens after the file is parsed and
   checked, and readers are never held up by the parsing of a large file.

Rows are matched to what exists, so importing the same file twice changes nothing. Reviews, milestones
and direct dialogues are written through `irm.reviews.services` (their owner).
"""

from irm.findings.imports.common import (
    BATCH,
    FINDING_COLUMNS,
    FINDING_OPTIONAL,
    MILESTONE_COLUMNS,
    PREVIEW_LIMIT,
    REVIEW_COLUMNS,
    REVIEW_OPTIONAL,
    ImportResult,
    Progress,
    RowError,
    read,
)
from irm.findings.imports.findings import (
    FindingRow,
    apply_findings,
    import_findings,
    plan_findings,
    resolve_findings,
    validate_findings,
)
from irm.findings.imports.reviews import (
    apply_reviews,
    import_reviews,
    plan_reviews,
    resolve_reviews,
    validate_reviews,
)
from irm.findings.imports.sql import insert_findings

__all__ = [
    "BATCH",
    "FINDING_COLUMNS",
    "FINDING_OPTIONAL",
    "MILESTONE_COLUMNS",
    "PREVIEW_LIMIT",
    "REVIEW_COLUMNS",
    "REVIEW_OPTIONAL",
    "FindingRow",
    "ImportResult",
    "Progress",
    "RowError",
    "apply_findings",
    "apply_reviews",
    "import_findings",
    "import_reviews",
    "insert_findings",
    "plan_findings",
    "plan_reviews",
    "read",
    "resolve_findings",
    "resolve_reviews",
    "validate_findings",
    "validate_reviews",
]
