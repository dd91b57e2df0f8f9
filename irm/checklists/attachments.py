"""Checking uploaded files by what they contain (magic bytes), not by the name they claim."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

from irm.core.exceptions import InvalidInput

#: Default upper limit of one attachment; IRM_CHECKLIST_MAX_ATTACHMENT_BYTES may be set in settings.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED = ("pdf", "docx", "xlsx")


def max_bytes() -> int:
    return int(getattr(settings, "IRM_CHECKLIST_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """'pdf', 'docx', 'xlsx' from the content, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_upload(filename: str, data: bytes) -> str:
    """Validate an upload; returns its type. Raises InvalidInput with a code saying what is wrong."""
    limit = max_bytes()
    if len(data) > limit:
        raise InvalidInput(
            f"The file is {len(data) / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB.",
            code="attachment_too_large",
        )
    if not data:
        raise InvalidInput("The file is empty.", code="attachment_empty")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED:
        raise InvalidInput("Only PDF, DOCX and XLSX files can be attached.", code="attachment_wrong_type")
    actual = sniff(data[:8], data)
    if actual != extension:
        raise InvalidInput(
            f"The file is named .{extension} but its content is not a {extension.upper()} file.",
            code="attachment_content_mismatch",
        )
    return actual
