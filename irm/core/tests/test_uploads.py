"""The one upload validator: types by content, a limit per kind, random stored names, safe serving."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from irm.core.exceptions import InvalidInput
from irm.core.uploads import KINDS, attachment_response, clean_filename, read_upload, validate_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def office(part: str, *, macros: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
        if macros:
            archive.writestr(part.split("/")[0] + "/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def code_of(filename: str, data: bytes, kind: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        validate_upload(filename, data, kind=kind)
    return caught.value.code


def test_a_pdf_passes_with_a_random_stored_name_and_its_shown_name_kept():
    first = validate_upload("../../etc/Law on\x07 corruption.pdf", PDF, kind="checklist_attachment")
    second = validate_upload("Law.pdf", PDF, kind="checklist_attachment")
    assert first.file_type == "pdf" and first.content_type == "application/pdf"
    assert first.filename == "Law on corruption.pdf"  # no path, no control characters
    assert first.stored_name.endswith(".pdf") and "Law" not in first.stored_name
    assert first.stored_name != second.stored_name and len(first.stored_name) == 36
    assert first.size == len(PDF) and len(first.sha256) == 64


@pytest.mark.parametrize(
    ("filename", "data", "kind", "code"),
    [
        (
            "page.html",
            b"<html><script>alert(1)</script></html>",
            "checklist_attachment",
            "attachment_wrong_type",
        ),
        (
            "page.pdf",
            b"<html><script>alert(1)</script></html>",
            "checklist_attachment",
            "attachment_content_mismatch",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "credentials",
            "attachment_wrong_type",
        ),
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "credentials",
            "attachment_content_mismatch",
        ),
        ("tool.exe", b"MZ\x90\x00\x03", "statement", "attachment_wrong_type"),
        ("tool.pdf", b"MZ\x90\x00\x03", "statement", "attachment_content_mismatch"),
        ("elf.csv", b"\x7fELF\x02\x01\x01", "import", "attachment_content_mismatch"),
        ("macro.docx", office("word/document.xml", macros=True), "statement", "attachment_content_mismatch"),
        ("book.xlsx", office("word/document.xml"), "checklist_attachment", "attachment_content_mismatch"),
        ("scan.png", PNG, "statement", "attachment_wrong_type"),  # statements are documents, not images
        ("empty.pdf", b"", "statement", "attachment_empty"),
    ],
)
def test_what_each_kind_refuses(filename, data, kind, code):
    assert code_of(filename, data, kind) == code


def test_each_kind_accepts_its_types_by_content():
    assert validate_upload("scan.png", PNG, kind="credentials").file_type == "png"
    assert validate_upload("scan.JPG", b"\xff\xd8\xff\xe0 jfif", kind="credentials").file_type == "jpeg"
    assert validate_upload("note.docx", office("word/document.xml"), kind="statement").file_type == "docx"
    assert validate_upload("data.csv", "a,b\nKEN,中文\n".encode(), kind="import").file_type == "csv"


def test_the_limit_is_per_kind_and_settings_override_it():
    big = PDF + b"0" * KINDS["statement"].max_bytes
    assert code_of("big.pdf", big, "statement") == "attachment_too_large"
    assert validate_upload("big.pdf", big, kind="meeting_document").file_type == "pdf"
    with (
        override_settings(IRM_UPLOAD_MAX_BYTES={"meeting_document": 1000}),
        pytest.raises(InvalidInput) as caught,
    ):
        validate_upload("big.pdf", big, kind="meeting_document")
    assert caught.value.code == "attachment_too_large" and "big.pdf" in caught.value.message


def test_an_office_file_that_expands_too_far_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (260 * 1024 * 1024))
    assert code_of("bomb.docx", out.getvalue(), "library_document") == "upload_expands_too_far"


def test_read_upload_reads_no_more_than_one_byte_past_the_limit():
    class Tracking(io.BytesIO):
        asked: list[int] = []

        def read(self, size=-1):
            self.asked.append(size)
            return super().read(size)

    source = Tracking(PDF + b"0" * (20 * 1024 * 1024))
    source.name = "huge.pdf"
    with pytest.raises(InvalidInput):
        read_upload(source, kind="statement")
    assert source.asked == [KINDS["statement"].max_bytes + 1]


def test_files_are_served_as_downloads_that_browsers_do_not_sniff():
    response = attachment_response(b"<html>", filename='a"b\r\n.pdf', file_type="pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_clean_filename_keeps_the_extension_of_a_long_name():
    assert (
        clean_filename("x" * 300 + ".pdf").endswith(".pdf") and len(clean_filename("x" * 300 + ".pdf")) == 200
    )
    assert clean_filename("") == "file" and clean_filename("../..") == "file"


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_debug_never_serves_uploaded_files(client, settings, tmp_path):
    import importlib

    import irm.urls

    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "secret.pdf").write_bytes(PDF)
    importlib.reload(irm.urls)
    try:
        with override_settings(ROOT_URLCONF="irm.urls"):
            response = client.get("/media/checklists/secret.pdf")
        assert response.status_code == 404
        assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))
    finally:
        importlib.reload(irm.urls)
