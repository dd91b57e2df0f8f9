"""The text of a library file, for the search: Word files (python-docx) and plain text.

PDFs and workbooks are indexed by their title and description only (no declared library reads PDF
text here). The text is cut at `MAX_CHARS`; a file that cannot be read gives no text, never an error
(the upload validator already accepted it).
"""

from __future__ import annotations

import io

MAX_CHARS = 200_000


def _docx(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(p for p in parts if p.strip())


def _txt(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def text_of(data: bytes, file_type: str) -> str:
    try:
        if file_type == "docx":
            text = _docx(data)
        elif file_type == "txt":
            text = _txt(data)
        else:
            return ""
    except Exception:  # a file python-docx cannot read is still a valid library file: no text
        return ""
    return text.replace("\x00", "")[:MAX_CHARS]
