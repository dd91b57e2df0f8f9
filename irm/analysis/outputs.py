"""Outputs of the analysis that other parts of the platform can issue as documents.

Registered in `settings.MEETINGS_OUTPUT_GENERATORS`, so the meetings app can issue a TA-needs
analysis as the note for an agenda item without importing this app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from irm.analysis import permissions, reports, selectors
from irm.core.exceptions import InvalidInput

IDENTIFIER = re.compile(r"^cycle-(?P<cycle>\d+)@(?P<as_of>\d{4}-\d{2}-\d{2})$")
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class GeneratedOutput:
    filename: str
    content: bytes
    url: str
    label: str


def ta_needs_identifier(cycle: int, as_of: date) -> str:
    return f"cycle-{cycle}@{as_of.isoformat()}"


def ta_needs_document(identifier: str, language: str) -> GeneratedOutput:
    """The TA-needs analysis (Word) of `cycle-<n>@<as-of date>` in English or Chinese.

    A session document may be read by anyone: it counts published executive summaries only,
    as the public analysis page does, whoever generates it.
    """
    match = IDENTIFIER.match(identifier)
    if match is None:
        raise InvalidInput(f"{identifier!r}: expected cycle-<number>@<YYYY-MM-DD>", code="output_identifier")
    if language not in LANGUAGES:
        raise InvalidInput(
            f"The TA-needs analysis is written in {' and '.join(LANGUAGES)}, not {language}.",
            code="output_language",
        )
    f = selectors.NeedsFilter(cycle=int(match["cycle"]), as_of=date.fromisoformat(match["as_of"]))
    f.validate()
    data = reports.needs_report_data(f, scope=permissions.review_scope(AnonymousUser()))
    query = urlencode({"cycle": f.cycle, "as_of": f.as_of.isoformat()})
    return GeneratedOutput(
        filename=f"ta-needs-cycle{f.cycle}-{f.as_of.isoformat()}-{language}.docx",
        content=reports.needs_docx(data, language),
        url=f"{reverse('analysis:dashboard')}?{query}",
        label=f"TA-needs analysis, cycle {f.cycle}, as of {f.as_of.isoformat()}",
    )
