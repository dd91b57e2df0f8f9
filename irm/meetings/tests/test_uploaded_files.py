"""Statements, credentials and document files go through the one upload validator and are served
only through permission-checked views, as downloads the browser does not sniff (issue 14 §8)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from irm.core.exceptions import InvalidInput
from irm.meetings import services
from irm.meetings.models import Credential, Issuer, Statement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_a_statement_file_is_checked_by_content_and_stored_under_a_random_name(secretariat, session, party):
    kenya = party("KEN")
    with pytest.raises(InvalidInput) as refused:
        services.submit_statement(
            actor=secretariat, delegation=kenya, title="Statement", file=upload("statement.pdf", HTML)
        )
    assert refused.value.code == "attachment_content_mismatch"
    assert not Statement.objects.exists()
    with pytest.raises(InvalidInput):
        services.submit_statement(
            actor=secretariat, delegation=kenya, title="Statement", file=upload("statement.svg", b"<svg/>")
        )
    statement = services.submit_statement(
        actor=secretariat, delegation=kenya, title="Statement", file=upload("../../Kenya statement.pdf", PDF)
    )
    assert statement.file.name is not None
    stored = statement.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and "Kenya" not in stored and len(stored) == 36


def test_statement_files_are_served_as_downloads_to_those_who_may_see_them(
    client, secretariat, session, party, make_delegate
):
    statement = services.submit_statement(
        actor=secretariat,
        delegation=party("KEN"),
        title="Statement",
        file=upload("s.pdf", PDF),
        publish=False,
    )
    url = f"/meetings/{session.slug}/statements/{statement.pk}/file"
    assert client.get(url).status_code == 404  # not posted: not public
    client.force_login(make_delegate("FRA"))
    assert client.get(url).status_code == 404
    client.force_login(make_delegate("KEN"))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_scanned_credentials_are_checked_and_served_only_to_the_delegation_and_secretariat(
    client, secretariat, session, party, make_delegate
):
    kenya = party("KEN")
    with pytest.raises(InvalidInput):
        services.submit_credentials(
            actor=secretariat,
            delegation=kenya,
            issuer=Issuer.HEAD_OF_STATE,
            file=upload("c.pdf", HTML),
        )
    assert not Credential.objects.exists()
    credential = services.submit_credentials(
        actor=secretariat,
        delegation=kenya,
        issuer=Issuer.HEAD_OF_STATE,
        file=upload("scan.png", b"\x89PNG\r\n\x1a\n...."),
    )
    url = f"/meetings/{session.slug}/credentials/{credential.pk}/file"
    assert client.get(url).status_code in {302, 404}  # anonymous: log in first
    client.force_login(make_delegate("FRA"))
    assert client.get(url).status_code == 404
    client.force_login(make_delegate("KEN"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_document_files_are_downloads_stored_under_random_names(client, secretariat, session):
    document = services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2030/1", title_en="Agenda"
    )
    with pytest.raises(InvalidInput):
        services.attach_document_file(
            actor=secretariat, document=document, language="en", file=upload("a.pdf", HTML)
        )
    version = services.attach_document_file(
        actor=secretariat, document=document, language="en", file=upload("agenda.pdf", PDF)
    )
    assert version.file.name is not None and len(version.file.name.rsplit("/", 1)[-1]) == 36
    response = client.get(f"/meetings/documents/{document.pk}/en/")
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and response["X-Content-Type-Options"] == "nosniff"
    )
