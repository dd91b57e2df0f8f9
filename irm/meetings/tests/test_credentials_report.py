"""The bureau's credentials report: the Word file is in English whatever the page's language, with the
same headings as the counts on the credentials page (one list, `selectors.CREDENTIAL_COUNTS`)."""

from __future__ import annotations

import io

from django.utils import translation

from irm.meetings import exports


def test_the_word_report_names_each_group_in_english_under_any_language():
    from docx import Document

    counts = {"parties": 3, "formal": 1, "copies": 0, "provisional": 0, "not_in_order": 1, "challenged": 0}
    data = {
        "due_at": "2025-12-08",
        "counts": {**counts, "none": 1, "late": 0},
        "formal": ["Kenya (KEN)"],
        "not_in_order": ["France (FRA)"],
        "none": ["Peru (PER)"],
    }
    with translation.override("fr"):
        text = "\n".join(
            p.text for p in Document(io.BytesIO(exports.credentials_report_docx(data, "COSP 10"))).paragraphs
        )
    assert "Formal credentials in due form" in text and "Kenya (KEN)" in text
    assert "Not in due form" in text and "France (FRA)" in text
    assert "No credentials received" in text and "Peru (PER)" in text
    assert "Pouvoirs" not in text and "Challenged" not in text  # English only; empty groups left out
