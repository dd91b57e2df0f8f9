"""Checking uploaded files by what they contain (magic bytes), not by the name they claim."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

from irm.core.exceptions import InvalidInput

TYPE_NAMES = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX"}


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


def check_upload(filename: str, data: bytes, *, allowed: Collection[str], limit: int) -> str:
    """Validate an upload; returns its type. Raises InvalidInput with a code saying what is wrong."""
    if len(data) > limit:
        raise InvalidInput(
            f"{filename}: the file is {len(data) / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB.",
            code="attachment_too_large",
        )
    if not data:
        raise InvalidInput(f"{filename}: the file is empty.", code="attachment_empty")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in allowed:
        kinds = ", ".join(TYPE_NAMES.get(a, a.upper()) for a in allowed)
        raise InvalidInput(f"{filename}: only {kinds} files are accepted.", code="attachment_wrong_type")
    actual = sniff(data[:8], data)
    if actual != extension:
        raise InvalidInput(
            f"{filename}: the file is named .{extension} but its content is not a {extension.upper()} file.",
            code="attachment_content_mismatch",
        )
    return actual
