"""Checklist attachments: which files, how large (the checking itself is `irm.core.uploads`)."""

from __future__ import annotations

from django.conf import settings

from irm.core import uploads

#: Default upper limit of one attachment; IRM_CHECKLIST_MAX_ATTACHMENT_BYTES may be set in settings.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED = ("pdf", "docx", "xlsx")


def max_bytes() -> int:
    return int(getattr(settings, "IRM_CHECKLIST_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def check_upload(filename: str, data: bytes) -> str:
    """Validate a checklist attachment (PDF, DOCX or XLSX within the size limit); returns its type."""
    return uploads.check_upload(filename, data, allowed=ALLOWED, limit=max_bytes())
