from __future__ import annotations

import io
from typing import Any

import pytest


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submit(cast, django_capture_on_commit_callbacks):
    """Submit a document (and run the search refresh that follows the commit)."""
    from irm.library import services
    from irm.parties.models import State

    def make(actor="fp-kenya", state="KEN", **kwargs):
        values: dict[str, Any] = {
            "type": "law",
            "title": "Anti-Corruption and Economic Crimes Act",
            "language": "en",
            "filename": "act.txt",
            "content": b"An Act to provide for the prevention of bribery and embezzlement.",
            "articles": [15, 17],
        }
        values.update(kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit_document(actor=cast[actor], state=State.objects.get(iso3=state), **values)

    return make


@pytest.fixture
def publish(cast, django_capture_on_commit_callbacks):
    from irm.library import services

    def run(document):
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_document(actor=cast["secretariat"], document=document)

    return run
