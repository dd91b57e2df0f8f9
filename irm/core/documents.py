"""Office documents: PDF from a generated .docx, where the system can.

PDF comes from LibreOffice (`soffice --headless --convert-to pdf`, Debian's libreoffice-writer-nogui,
installed by .ci/run). Where it is missing, `docx_to_pdf` raises PdfUnavailable with a clear message,
and pages offer the Word document only.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from irm.core.exceptions import DomainError


class PdfUnavailable(DomainError):
    code = "pdf_unavailable"
    status = 501


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """Convert a Word document (bytes) to PDF (bytes) with LibreOffice."""
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(
            "PDF needs LibreOffice (apt-get install libreoffice-writer-nogui); the Word file is available."
        )
    with tempfile.TemporaryDirectory(prefix="irm-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        profile = Path(tmp) / "profile"
        subprocess.run(  # noqa: S603 - a fixed argument list to LibreOffice; no shell, no user text
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(tmp) / "document.pdf").read_bytes()
