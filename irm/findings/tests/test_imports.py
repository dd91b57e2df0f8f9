"""`irm import reviews|findings` and `irm export findings`: errors, atomicity, idempotence, round trip."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management.base import CommandError

from irm.findings.models import Finding, FindingType, ImportBatch
from irm.findings.tests.conftest import make_review
from irm.reviews.models import DirectDialogue, Milestone, Review, Stage

pytestmark = pytest.mark.django_db

REVIEWS_CSV = """cycle,state,executive_summary_completed_on,review_year,reviewer_1,reviewer_2,stage,checklist_submitted_on,direct_dialogue_on,direct_dialogue_type,country_report_completed_on
2,Kenya,2022-05-10,1,New Zealand,France,,2019-03-01,2019-11-12,on_site,2022-09-01
2,Viet Nam,,2,Thailand,Brazil,,2020-01-15,,,
1,Côte d’Ivoire,2014-02-03,1,KEN,FRA,,,,,
"""

FINDINGS_CSV = """cycle,state,type,chapter,articles,categories,text,language,ref,answers
2,KEN,observation,II,5;6,,Kenya has a national anti-corruption strategy.,en,,
2,KEN,good_practice,2,6,,The commission publishes its annual report.,en,,
2,KEN,challenge,II,7,,Recruitment rules are not applied evenly.,en,c1,
2,KEN,recommendation,II,7,,Apply merit-based recruitment across the public service.,en,,c1
2,KEN,ta_need,II,,capacity_building;legislative_assistance,Training of procurement officers.,en,,
2,KEN,ta_need,V,54,international_cooperation,Help with requests for mutual legal assistance.,en,,
2,Vietnam,observation,V,,,越南设有资产追回机构。,zh,,
"""


def test_import_reviews_creates_reviews_milestones_and_dialogue(run_irm, write_file):
    out = run_irm("import", "reviews", str(write_file("reviews.csv", REVIEWS_CSV)))
    assert "3 created" in out
    kenya = Review.objects.get(cycle__number=2, state__iso3="KEN")
    assert kenya.reviewer_1 is not None and kenya.reviewer_2 is not None
    assert (kenya.year, kenya.reviewer_1.iso3, kenya.reviewer_2.iso3) == (1, "NZL", "FRA")
    done = {m.stage: m.done_on for m in kenya.milestones.all()}
    assert done[Stage.SUMMARY_AGREED] == date(2022, 5, 10)
    assert done[Stage.CHECKLIST_SUBMITTED] == date(2019, 3, 1)
    assert done[Stage.DIRECT_DIALOGUE_HELD] == date(2019, 11, 12)
    assert done[Stage.REPORT_FINALIZED] == date(2022, 9, 1)
    assert kenya.stage == Stage.REPORT_FINALIZED
    dialogue = DirectDialogue.objects.get(review=kenya)
    assert (dialogue.kind, dialogue.starts_on) == ("on_site", date(2019, 11, 12))
    assert Review.objects.get(cycle__number=1, state__iso3="CIV").stage == Stage.SUMMARY_AGREED
    assert Review.objects.get(cycle__number=2, state__iso3="VNM").stage == Stage.CHECKLIST_SUBMITTED


def test_reimporting_the_same_reviews_file_changes_nothing(run_irm, write_file):
    path = write_file("reviews.csv", REVIEWS_CSV)
    run_irm("import", "reviews", str(path))
    before = list(Milestone.objects.order_by("pk").values())
    out = run_irm("import", "reviews", str(path))
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Milestone.objects.order_by("pk").values()) == before


def test_import_reviews_updates_an_existing_review(run_irm, write_file):
    make_review("KEN", reviewers=("NZL", "FRA"))
    out = run_irm(
        "import",
        "reviews",
        str(write_file("r.csv", "cycle,state,executive_summary_completed_on\n2,Kenya,2022-05-10\n")),
    )
    assert "1 updated" in out
    review = Review.objects.get(cycle__number=2, state__iso3="KEN")
    assert review.milestones.get(stage=Stage.SUMMARY_AGREED).done_on == date(2022, 5, 10)
    assert review.reviewer_1 is not None and review.reviewer_1.iso3 == "NZL"  # blank cells change nothing


def test_import_reviews_reports_every_error_with_row_and_column_and_imports_nothing(run_irm, write_file):
    bad = """cycle,state,executive_summary_completed_on,reviewer_1,reviewer_2,direct_dialogue_type,review_year,stage
2,Kenya,2022-05-10,NZL,FRA,on_site,1,
9,Kenya,2022-05-10,,,,,
2,Atlantis,,,,,,
2,Kenya,10/05/2022,Kenya,,,,
2,France,,NZL,NZL,zoom,7,finished
"""
    path = write_file("bad.csv", bad)
    with pytest.raises(CommandError, match="nothing was imported"):
        run_irm("import", "reviews", str(path), "--format", "json")
    assert not Review.objects.exists()
    result = _json_errors(run_irm, "reviews", path)
    found = {(e["row"], e["column"]) for e in result}
    assert {
        (3, "cycle"),
        (4, "state"),
        (5, "executive_summary_completed_on"),
        (5, "reviewer_1"),
        (5, "state"),  # Kenya twice in cycle 2
        (6, "reviewer_2"),
        (6, "direct_dialogue_type"),
        (6, "review_year"),
        (6, "stage"),
    } <= found
    assert all(e["file"] == "bad.csv" for e in result)
    atlantis = next(e for e in result if e["row"] == 4)
    assert "Atlantis" in atlantis["message"]


def _json_errors(run_irm, kind, path):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", kind, str(path), "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())["errors"]


def test_missing_columns_are_reported(run_irm, write_file):
    errors = _json_errors(run_irm, "findings", write_file("f.csv", "cycle,state,text\n2,KEN,x\n"))
    assert {e["column"] for e in errors} == {"type", "chapter", "articles", "categories", "language"}
    assert all(e["row"] == 1 for e in errors)


def _reviews(run_irm, write_file):
    run_irm("import", "reviews", str(write_file("reviews.csv", REVIEWS_CSV)))


def test_import_findings_stores_types_articles_categories_and_links(run_irm, write_file):
    _reviews(run_irm, write_file)
    out = run_irm("import", "findings", str(write_file("findings.csv", FINDINGS_CSV)))
    assert "7 created" in out
    kenya = Finding.objects.filter(review__state__iso3="KEN")
    assert kenya.count() == 6
    observation = kenya.get(type=FindingType.OBSERVATION)
    assert sorted(a.number for a in observation.articles.all()) == [5, 6]
    assert observation.chapter is not None and observation.chapter.number == 2
    need = kenya.get(type=FindingType.TA_NEED, chapter__number=2)
    assert need.is_general
    assert {c.code for c in need.categories.all()} == {"capacity_building", "legislative_assistance"}
    assert need.primary_category is not None and need.primary_category.code == "capacity_building"
    recommendation = kenya.get(type=FindingType.RECOMMENDATION)
    assert recommendation.answers == kenya.get(type=FindingType.CHALLENGE)
    assert kenya.filter(chapter__number=5).count() == 1
    chinese = Finding.objects.get(review__state__iso3="VNM")
    assert (chinese.language, chinese.text) == ("zh", "越南设有资产追回机构。")
    # Kenya's summary was agreed: its imported findings are frozen
    assert all(f.frozen_at for f in kenya)
    assert ImportBatch.objects.filter(kind="findings").count() == 1


def test_reimporting_the_same_findings_file_changes_nothing(run_irm, write_file):
    _reviews(run_irm, write_file)
    path = write_file("findings.csv", FINDINGS_CSV)
    run_irm("import", "findings", str(path))
    before = list(Finding.objects.order_by("pk").values())
    out = run_irm("import", "findings", str(path))
    assert "0 created, 0 updated, 7 unchanged" in out
    assert list(Finding.objects.order_by("pk").values()) == before


def test_changed_categories_update_the_matching_finding(run_irm, write_file):
    _reviews(run_irm, write_file)
    run_irm("import", "findings", str(write_file("findings.csv", FINDINGS_CSV)))
    changed = FINDINGS_CSV.replace("capacity_building;legislative_assistance", "policymaking")
    out = run_irm("import", "findings", str(write_file("findings2.csv", changed)))
    assert "0 created, 1 updated, 6 unchanged" in out
    need = Finding.objects.get(review__state__iso3="KEN", type="ta_need", chapter__number=2)
    assert [c.code for c in need.categories.all()] == ["policymaking"]
    assert need.primary_category is not None and need.primary_category.code == "policymaking"
    # Kenya's summary is agreed: the finding was frozen, so the import kept its previous version
    version = need.versions.get()
    assert (need.version, version.version, version.reason) == (2, 1, "import of findings2.csv")
    assert len(version.snapshot["category_ids"]) == 2


def test_import_findings_reports_every_kind_of_error_at_once(run_irm, write_file):
    _reviews(run_irm, write_file)
    bad = """cycle,state,type,chapter,articles,categories,text,language,ref,answers
2,KEN,observation,II,5,,Fine row.,en,,
x,KEN,observation,II,5,,Bad cycle.,en,,
2,Narnia,observation,II,5,,Unknown State.,en,,
2,CIV,observation,II,5,,No review of Côte d'Ivoire in cycle 2.,en,,
2,KEN,opinion,II,5,,Unknown type.,en,,
2,KEN,observation,IX,,,Unknown chapter.,en,,
2,KEN,observation,III,,,Chapter not in cycle 2.,en,,
2,KEN,observation,II,5;abc;99;30;51,,Bad articles.,en,,
2,KEN,observation,II,5,capacity_building,Categories on an observation.,en,,
2,KEN,ta_need,II,5,teleportation,Unknown category.,en,,
2,KEN,observation,II,5,,,en,,
2,KEN,observation,II,5,,Bad language.,English!,,
2,KEN,recommendation,II,5,,Answers nothing.,en,,c9
"""
    path = write_file("bad-findings.csv", bad)
    errors = _json_errors(run_irm, "findings", path)
    found = {(e["row"], e["column"]) for e in errors}
    assert {
        (3, "cycle"),
        (4, "state"),
        (5, "state"),
        (6, "type"),
        (7, "chapter"),
        (8, "chapter"),
        (9, "articles"),
        (10, "categories"),
        (11, "categories"),
        (12, "text"),
        (13, "language"),
        (14, "answers"),
    } <= found
    messages = [e["message"] for e in errors if e["row"] == 9]
    assert any("'abc'" in m for m in messages)
    assert any("no article 99" in m for m in messages)
    assert any("article 30 is not reviewed in cycle 2" in m for m in messages)
    assert any("article 51 is in chapter 5" in m for m in messages)
    assert all(e["file"] == "bad-findings.csv" for e in errors)
    assert not Finding.objects.exists()  # the valid first row was not imported either


def test_export_import_round_trip_is_identical_in_csv_and_xlsx(run_irm, write_file, tmp_path):
    _reviews(run_irm, write_file)
    run_irm("import", "findings", str(write_file("findings.csv", FINDINGS_CSV)))
    first = tmp_path / "export1.csv"
    run_irm("export", "findings", "--cycle", "2", str(first))
    xlsx = tmp_path / "export1.xlsx"
    run_irm("export", "findings", "--cycle", "2", str(xlsx))
    snapshot = _snapshot()
    Finding.objects.all().delete()
    out = run_irm("import", "findings", str(xlsx))
    assert "7 created" in out
    assert _snapshot() == snapshot
    assert "7 unchanged" in run_irm("import", "findings", str(first))
    second = tmp_path / "export2.csv"
    run_irm("export", "findings", "--cycle", "2", str(second))
    assert first.read_text() == second.read_text()
    lines = first.read_text().splitlines()
    assert (
        lines[0]
        == "cycle,state,type,chapter,articles,categories,text,language,primary_category,paragraphs,ref,answers"
    )
    assert (
        "2,KEN,recommendation,2,7,,Apply merit-based recruitment across the public service.,en,,,,c1" in lines
    )


def _snapshot():
    return sorted(
        (
            f.review.state.iso3,
            f.type,
            f.chapter.number if f.chapter else None,
            tuple(sorted(a.number for a in f.articles.all())),
            tuple(sorted(c.code for c in f.categories.all())),
            f.primary_category.code if f.primary_category else None,
            f.text,
            f.language,
            f.answers.text if f.answers else None,
        )
        for f in Finding.objects.all()
    )


def test_xlsx_import_with_roman_chapters_and_numeric_cells(run_irm, write_file):
    make_review("KEN")
    rows = [
        ["cycle", "state", "type", "chapter", "articles", "categories", "text", "language"],
        [2, "Kenya", "ta_need", "V", 54, "capacity_building", "Training on confiscation.", "en"],
        [2.0, "  KENYA ", "observation", 2, "", "", "General remark on chapter II.", "en"],
    ]
    out = run_irm("import", "findings", str(write_file("f.xlsx", rows)))
    assert "2 created" in out
    assert Finding.objects.filter(chapter__number=5, articles__number=54).count() == 1


def test_dry_run_shows_changes_and_writes_nothing(run_irm, write_file):
    _reviews(run_irm, write_file)
    out = run_irm("import", "findings", str(write_file("f.csv", FINDINGS_CSV)), "--dry-run")
    assert "would import" in out and "7 created" in out
    assert not Finding.objects.exists()


def test_unsupported_file_type_is_refused(run_irm, write_file):
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        run_irm("import", "findings", str(write_file("f.txt", "x")))
