"""The TA-needs analysis as a file another part of the platform can issue (a session document)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from irm.analysis import outputs
from irm.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_analysis_issued_as_a_document_counts_published_summaries_only(needs_data):
    identifier = outputs.ta_needs_identifier(2, date(2023, 9, 15))
    assert identifier == "cycle-2@2023-09-15"
    english = outputs.ta_needs_document(identifier, "en")
    assert english.filename == "ta-needs-cycle2-2023-09-15-en.docx"
    assert english.url == "/analysis/?cycle=2&as_of=2023-09-15"
    # Published: Kenya (3 needs) and France; Nigeria's and China's summaries are not published.
    assert "Of the 2 States that completed their executive summary, 1 (50%) identified 3" in text_of(
        english.content
    )
    chinese = outputs.ta_needs_document(identifier, "zh")
    assert "技术援助" in text_of(chinese.content)
    assert (
        import_string(settings.MEETINGS_OUTPUT_GENERATORS["ta_needs_analysis"]) is outputs.ta_needs_document
    )


@pytest.mark.parametrize(
    ("identifier", "language", "code"),
    [("cycle-2", "en", "output_identifier"), ("cycle-2@2023-09-15", "fr", "output_language")],
)
def test_a_bad_request_for_the_analysis_says_what_is_wrong(identifier, language, code):
    with pytest.raises(InvalidInput) as refused:
        outputs.ta_needs_document(identifier, language)
    assert refused.value.code == code
