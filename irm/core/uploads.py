"""The one validator of uploaded files, and the one way to serve them back.

Every upload (checklist attachments, meeting documents, scanned credentials, delegates' statements,
CSV/XLSX imports, later library documents) is checked here against its *kind* (`KINDS`):

- a size limit per kind (settings `IRM_UPLOAD_MAX_BYTES = {kind: bytes}` overrides the defaults);
- the type is read from the content (magic bytes, and for Office files the zip's entries), never from
  the name: the name's extension must agree with the content, and only the kind's types are accepted.
  HTML, SVG, scripts and executables are never accepted by any kind; Office files with macros
  (`vbaProject.bin`) are refused; Office files are zips, so their expanded size and entry count are
  bounded before anything opens them;
- the file is stored under a random name (`CheckedUpload.stored_name`); the name the user gave is
  kept only for display and for the download's file name.

Files are served only by views that checked the user's permission first, through
`attachment_response`: always `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`
and `Cache-Control: private, no-store`. There is no public media URL, whatever `IRM_DEBUG` says.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from irm.core.exceptions import InvalidInput

MB = 1024 * 1024

#: Content types (served) and the extensions a file of that type may be named with.
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "png": ("image/png", ("png",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "csv": ("text/csv", ("csv",)),
    "txt": ("text/plain", ("txt",)),
}
TYPE_NAMES = {
    "pdf": "PDF",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "png": "PNG",
    "jpeg": "JPEG",
    "csv": "CSV",
    "txt": "TXT",
}

#: An Office file is a zip: these bound what opening it may expand to (checked before it is opened).
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_EXPANDED_BYTES = 250 * MB


@dataclass(frozen=True)
class UploadKind:
    name: str
    types: tuple[str, ...]
    max_bytes: int


#: What each kind of upload accepts. Add a kind here (and nowhere else) for a new upload.
KINDS: dict[str, UploadKind] = {
    k.name: k
    for k in (
        UploadKind("checklist_attachment", ("pdf", "docx", "xlsx"), 10 * MB),
        UploadKind("meeting_document", ("pdf", "docx"), 50 * MB),
        UploadKind("credentials", ("pdf", "png", "jpeg"), 10 * MB),
        UploadKind("statement", ("pdf", "docx"), 10 * MB),
        UploadKind("import", ("csv", "xlsx"), 20 * MB),
        UploadKind("checklist_import", ("xlsx",), 20 * MB),
        UploadKind("library_document", ("pdf", "docx", "xlsx", "txt"), 50 * MB),
        UploadKind("follow_up_evidence", ("pdf", "docx", "xlsx", "png", "jpeg"), 10 * MB),
    )
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its type by content, a safe display name and a random stored name."""

    kind: str
    file_type: str
    filename: str  # for display and downloads: no path, no control characters, at most 200 characters
    stored_name: str  # random, with the type's extension: what goes into storage
    size: int
    sha256: str
    data: bytes

    @property
    def content_type(self) -> str:
        return TYPES[self.file_type][0]


def max_bytes(kind: str) -> int:
    overrides: dict[str, int] = getattr(settings, "IRM_UPLOAD_MAX_BYTES", {}) or {}
    return int(overrides.get(kind, KINDS[kind].max_bytes))


def _zip_names(data: bytes) -> set[str] | None:
    """The entries of an Office file, or None if it is not a zip; refuses zips that expand too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return None
    infos = archive.infolist()
    # zipfile never yields more than an entry's declared size, so the declared sizes are the bound.
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_EXPANDED_BYTES:
        raise InvalidInput(
            _("The file expands to more than %(limit)d MB or %(entries)d parts when opened.")
            % {"limit": MAX_ZIP_EXPANDED_BYTES // MB, "entries": MAX_ZIP_ENTRIES},
            code="upload_expands_too_far",
        )
    return {i.filename for i in infos}


def _is_text(data: bytes) -> bool:
    """Plain text in UTF-8 or UTF-16 (with BOM), with no NUL and not markup (HTML, SVG, XML)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return False
    else:
        head = data[:65536]
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # The cut at 64 KB may split a character: only an error at the very end is acceptable.
            if exc.start < len(head) - 4:
                return False
            text = head[: exc.start].decode("utf-8-sig")
    if "\x00" in text:
        return False
    start = text.lstrip().lower()[:200]
    return not start.startswith(("<", "{\\rtf")) and "<script" not in start


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The file's type from its content ('pdf', 'docx', 'xlsx', 'png', 'jpeg', 'csv'), or None."""
    data = head if data is None else data
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if names is None or "[Content_Types].xml" not in names:
            return None
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return None  # macros: executable content
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF"):
        return None
    return "csv" if _is_text(data) else None


def clean_filename(filename: str, *, default: str = "file") -> str:
    """The name to show and to offer in downloads: the last path part, printable, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (
            (stem[: 200 - len(extension) - 1] + dot + extension)
            if dot and len(extension) < 10
            else name[:200]
        )
    return name or default


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _kinds_text(types: Collection[str]) -> str:
    return ", ".join(TYPE_NAMES.get(t, t.upper()) for t in types)


def _check(filename: str, data: bytes, *, types: Collection[str], limit: int) -> str:
    """The checks shared by every kind; returns the type. InvalidInput says what is wrong, naming the file."""
    if len(data) > limit:
        raise InvalidInput(
            _("%(file)s: the file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"file": filename, "size": len(data) / MB, "limit": limit / MB},
            code="attachment_too_large",
            details={"file": filename, "limit": limit},
        )
    if not data:
        raise InvalidInput(
            _("%(file)s: the file is empty.") % {"file": filename},
            code="attachment_empty",
            details={"file": filename},
        )
    extension = _extension(filename)
    named = next((t for t in types if extension in TYPES[t][1]), None)
    if named is None:
        raise InvalidInput(
            _("%(file)s: only %(kinds)s files are accepted.")
            % {"file": filename, "kinds": _kinds_text(types)},
            code="attachment_wrong_type",
            details={"file": filename},
        )
    actual = sniff(data[:8], data)
    if named == "txt" and actual == "csv":
        actual = "txt"  # plain text sniffs as "csv": the name says which of the two it is
    if actual != named:
        raise InvalidInput(
            _("%(file)s: the file is named .%(extension)s but its content is not a %(kind)s file.")
            % {"file": filename, "extension": extension, "kind": TYPE_NAMES[named]},
            code="attachment_content_mismatch",
            details={"file": filename},
        )
    return actual


def validate_upload(filename: str, data: bytes, *, kind: str) -> CheckedUpload:
    """Check an upload of the given kind (see `KINDS`); raises InvalidInput naming the file and the rule."""
    spec = KINDS[kind]
    shown = clean_filename(filename)
    file_type = _check(shown, data, types=spec.types, limit=max_bytes(kind))
    return CheckedUpload(
        kind=kind,
        file_type=file_type,
        filename=shown,
        stored_name=f"{secrets.token_hex(16)}.{TYPES[file_type][1][0]}",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def read_upload(file: IO[bytes] | Any, *, kind: str, filename: str | None = None) -> CheckedUpload:
    """Read an uploaded file object (Django's UploadedFile, a File, an open file) and validate it.

    Reads at most one byte more than the kind's limit, so an oversized upload is refused without
    being read whole into memory.
    """
    name = filename or getattr(file, "name", "") or "file"
    return validate_upload(name, upload_bytes(file, kind=kind), kind=kind)


def upload_bytes(file: IO[bytes] | Any, *, kind: str) -> bytes:
    """The content of an uploaded file object, but at most one byte more than the kind's limit."""
    if hasattr(file, "seek"):
        file.seek(0)
    data: bytes = file.read(max_bytes(kind) + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def check_upload(filename: str, data: bytes, *, allowed: Collection[str], limit: int) -> str:
    """Validate against explicit types and limit; returns the type. Prefer `validate_upload(kind=…)`."""
    return _check(clean_filename(filename), data, types=tuple(allowed), limit=limit)


#: How long an upload waits between its preview and its confirmation.
HELD_SECONDS = 24 * 3600


def _held_path(token: str, suffix: str) -> Any:
    if not re.fullmatch(r"[0-9a-f]{32}", token) or not re.fullmatch(r"[a-z]{1,5}", suffix):
        return None
    return settings.DATA_DIR / "held" / f"{token}.{suffix}"


def hold(data: bytes, *, suffix: str) -> str:
    """Keep an upload between a preview and its confirmation; returns a random token (keep it in the session)."""
    token = secrets.token_hex(16)
    path = _held_path(token, suffix)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stale = time.time() - HELD_SECONDS
    for old in path.parent.iterdir():  # previews never confirmed
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(data)
    return token


def take_held(token: str, *, suffix: str) -> bytes | None:
    """The held upload (removed from the disk), or None if unknown or already taken."""
    path = _held_path(token, suffix)
    if path is None or not path.is_file():
        return None
    data: bytes = path.read_bytes()
    path.unlink(missing_ok=True)
    return data


def attachment_response(
    file: IO[bytes] | bytes, *, filename: str, file_type: str | None = None
) -> FileResponse:
    """Serve a stored file to a user whose permission the view has checked: always as a download."""
    content_type = TYPES[file_type][0] if file_type in TYPES else "application/octet-stream"
    body = io.BytesIO(file) if isinstance(file, bytes) else file
    response = FileResponse(
        body, as_attachment=True, filename=clean_filename(filename), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
