"""Word documents from the templates in `word_templates/` (see docs/apps/documents.md)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "word_templates"


@cache
def templates_version() -> str:
    """A hash of every template: a changed template makes every document a new content version."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.docx")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
