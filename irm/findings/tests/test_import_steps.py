"""Each step of the imports on its own: read → resolve → validate → plan → apply.

The whole imports are tested in test_imports.py; here each step is checked for what it alone decides,
and that nothing before `apply` writes (so the write transaction opens only after the file is parsed).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from irm.core.exceptions import InvalidInput
from irm.core.tabular import Limits
from irm.findings import imports
from irm.findings.models import Finding, ImportBatch
from irm.findings.tests.conftest import make_review
from irm.reviews.models import Review

pytestmark = pytest.mark.django_db

FINDINGS = b"""cycle,state,type,chapter,articles,categories,text,language,ref,answers
2,KEN,challenge,II,7,,Recruitment rules are not applied evenly.,en,c1,
2,KEN,recommendation,II,7,,Apply merit-based recruitment.,en,,c1
2,Atlantis,observation,II,5,,Nowhere.,en,,
2,KEN,observation,IX,5,,Chapter nine does not exist.,en,,
2,KEN,observation,II,5,,,xx_1,,c1
"""
REVIEWS = b"""cycle,state,executive_summary_completed_on,reviewer_1,reviewer_2
2,Kenya,2022-05-10,NZL,FRA
2,Ghana,,GHA,
"""


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_read_reports_missing_columns_on_row_one():
    table, errors = imports.read(
        b"cycle,state\n2,KEN\n", "f.csv", required=imports.FINDING_COLUMNS, kind="findings"
    )
    assert len(table.rows) == 1
    assert {(e.row, e.column) for e in errors} == {
        (1, c) for c in ("type", "chapter", "articles", "categories", "text", "language")
    }


def test_read_goes_through_the_one_bounded_reader_naming_file_row_and_column():
    """The limits of irm.core.tabular hold for the imports: refused in `read`, before any row is resolved."""
    with pytest.raises(InvalidInput) as too_many:
        imports.read(FINDINGS, "f.csv", required=[], kind="findings", limits=Limits(max_rows=3))
    assert too_many.value.code == "too_many_rows" and too_many.value.details["file"] == "f.csv"
    long_text = FINDINGS.replace(b"Nowhere.", b"x" * 101)
    with pytest.raises(InvalidInput) as too_long:
        imports.read(long_text, "f.csv", required=[], kind="findings", limits=Limits(max_cell_chars=100))
    assert too_long.value.code == "cell_too_long"
    assert (too_long.value.details["row"], too_long.value.details["column"]) == (4, "text")
    assert "f.csv, row 4, column text" in too_long.value.message


def test_read_takes_off_the_quote_the_export_puts_before_a_formula_like_text():
    content = (
        b"cycle,state,type,chapter,articles,categories,text,language\n2,KEN,observation,II,5,,'=1+1,en\n"
    )
    table, errors = imports.read(content, "f.csv", required=imports.FINDING_COLUMNS, kind="findings")
    assert errors == [] and table.rows[0][1]["text"] == "=1+1"


def test_a_file_over_a_limit_is_refused_and_nothing_is_written(settings):
    make_review("KEN")
    settings.IRM_IMPORT_LIMITS = {"max_rows": 2}
    good = b"\n".join(FINDINGS.split(b"\n")[:3]) + b"\n"
    with pytest.raises(InvalidInput) as error:
        imports.import_findings(actor="test", content=good, filename="f.csv")
    assert error.value.code == "too_many_rows" and "more than 1 rows" in error.value.message
    with pytest.raises(InvalidInput):
        imports.import_reviews(actor="test", content=REVIEWS, filename="r.csv")
    assert not Finding.objects.exists() and not ImportBatch.objects.exists()
    assert Review.objects.get(state__iso3="KEN").stage != "summary_agreed"
    assert not Review.objects.filter(state__iso3="GHA").exists()


def test_resolve_names_what_cells_mean_and_flags_what_they_do_not():
    review = make_review("KEN")
    table, _ = imports.read(FINDINGS, "f.csv", required=imports.FINDING_COLUMNS, kind="findings")
    resolved = imports.resolve_findings(table)
    challenge = resolved[0].row
    assert challenge is not None
    assert (challenge.review_id, challenge.type, challenge.chapter_number, challenge.article_numbers) == (
        review.pk,
        "challenge",
        2,
        [7],
    )
    assert resolved[2].row is None and [c for c, _ in resolved[2].problems] == ["state"]
    assert [c for c, _ in resolved[3].problems] == ["chapter"]  # IX is read, and there is no chapter 9


def test_validate_checks_each_row_and_the_links_between_rows():
    make_review("KEN")
    table, _ = imports.read(FINDINGS, "f.csv", required=imports.FINDING_COLUMNS, kind="findings")
    parsed, refs, errors = imports.validate_findings(imports.resolve_findings(table), "f.csv")
    assert [r.row for r in parsed] == [2, 3]
    assert refs[(parsed[0].review_id, "c1")] is parsed[0]
    assert {(e.row, e.column) for e in errors} >= {
        (4, "state"),
        (5, "chapter"),
        (6, "text"),
        (6, "language"),
        (6, "answers"),
    }
    assert errors == sorted(errors, key=lambda e: (e.row, e.column))


def test_resolve_validate_and_plan_only_read():
    make_review("KEN")
    good = b"\n".join(FINDINGS.split(b"\n")[:3]) + b"\n"
    table, _ = imports.read(good, "f.csv", required=imports.FINDING_COLUMNS, kind="findings")
    result = imports.ImportResult(kind="findings", file="f.csv")
    with CaptureQueriesContext(connection) as queries:
        parsed, refs, errors = imports.validate_findings(imports.resolve_findings(table), "f.csv")
        plan = imports.plan_findings(parsed, refs, result)
    assert errors == [] and _writes(queries.captured_queries) == []
    assert (result.created, len(plan.to_create)) == (2, 2)
    assert not Finding.objects.exists()


def test_plan_matches_existing_findings_and_apply_writes_them_in_one_transaction():
    make_review("KEN")
    good = b"\n".join(FINDINGS.split(b"\n")[:3]) + b"\n"
    first = imports.import_findings(actor="test", content=good, filename="f.csv")
    assert first.created == 2 and ImportBatch.objects.count() == 1
    table, _ = imports.read(good, "f.csv", required=imports.FINDING_COLUMNS, kind="findings")
    result = imports.ImportResult(kind="findings", file="f.csv", rows=2)
    parsed, refs, _ = imports.validate_findings(imports.resolve_findings(table), "f.csv")
    plan = imports.plan_findings(parsed, refs, result)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    batch = imports.apply_findings(actor="test", content=good, result=result, plan=plan)
    assert batch.unchanged == 2 and Finding.objects.count() == 2


def test_review_steps_resolve_validate_plan_and_apply():
    make_review("KEN", reviewers=("NZL", "FRA"))
    table, errors = imports.read(REVIEWS, "r.csv", required=imports.REVIEW_COLUMNS, kind="reviews")
    assert errors == []
    resolved = imports.resolve_reviews(table)
    assert [e for _, problems in resolved for e in problems] == []
    rows, errors = imports.validate_reviews(resolved, "r.csv")
    assert [(e.row, e.column) for e in errors] == [(3, "reviewer_1")]  # Ghana reviewing itself
    result = imports.ImportResult(kind="reviews", file="r.csv", rows=1)
    with CaptureQueriesContext(connection) as queries:
        plan = imports.plan_reviews(rows, result)
    assert _writes(queries.captured_queries) == []
    assert (result.created, result.updated) == (0, 1)
    imports.apply_reviews(actor="test", content=REVIEWS, result=result, plan=plan)
    assert Review.objects.get(state__iso3="KEN").stage == "summary_agreed"
