"""The counting rules of the needs analysis on the hand-computed data set of conftest.py."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from irm.analysis.selectors import NeedsFilter, ta_needs
from irm.core.exceptions import InvalidInput

AS_OF = date(2023, 9, 15)
SINCE = date(2021, 9, 15)
CHECK = Path(__file__).with_name("check_ta_needs_json.py")


def rows(doc, key, field):
    return {r[field]: {k: v for k, v in r.items() if k in ("needs", "states")} for r in doc[key]}


@pytest.fixture
def doc(needs_data):
    return ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE))


def test_only_states_with_summary_completed_by_as_of_count_and_all_their_needs(doc):
    assert doc["cycle"] == 2 and doc["as_of"] == "2023-09-15"
    # KEN, NGA, CHN (completed on the as-of date itself) and FRA; not BRA (later) nor IND (not done).
    assert doc["states_with_executive_summary"] == 4
    assert doc["states_with_needs"] == 3
    assert doc["needs_total"] == 7  # the challenge and the cycle-1 need are not counted


def test_a_need_of_several_articles_counts_under_each_article_and_each_of_their_chapters(doc):
    assert rows(doc, "by_article", "article") == {
        5: {"needs": 2, "states": 2},
        6: {"needs": 1, "states": 1},
        9: {"needs": 1, "states": 1},
        51: {"needs": 1, "states": 1},  # n5, chapter V in general (R-A1)
        52: {"needs": 2, "states": 2},
    }
    # n4 (arts 5 and 52) counts under chapters II and V; n1 (arts 5 and 6) once under chapter II.
    assert rows(doc, "by_chapter", "chapter") == {2: {"needs": 4, "states": 3}, 5: {"needs": 3, "states": 2}}


def test_general_needs_count_under_their_chapter_not_under_an_article(doc):
    assert rows(doc, "general_needs", "chapter") == {
        2: {"needs": 1, "states": 1},
        5: {"needs": 1, "states": 1},
    }


def test_a_need_counts_under_every_category_by_default_and_shares_may_exceed_one(doc):
    by_category = {r["category"]: r for r in doc["by_category"]}
    assert doc["categories_mode"] == "all"
    assert {c: (r["needs"], r["states"]) for c, r in by_category.items()} == {
        "legislative_assistance": (1, 1),
        "capacity_building": (4, 3),
        "institution_building": (1, 1),
        "policymaking": (1, 1),
        "research_data": (1, 1),
        "international_cooperation": (0, 0),
    }
    assert by_category["capacity_building"]["share"] == 0.5714
    assert by_category["legislative_assistance"]["share"] == 0.1429
    assert sum(r["share"] for r in doc["by_category"]) > 1


def test_primary_mode_counts_the_marked_primary_or_else_the_first_category(needs_data):
    doc = ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, categories="primary"))
    counts = {r["category"]: r["needs"] for r in doc["by_category"]}
    # n1 has no primary: its first category by order is legislative assistance;
    # n4 is marked research/data although capacity-building comes first; n3 has no category.
    assert counts == {
        "legislative_assistance": 1,
        "capacity_building": 2,
        "institution_building": 1,
        "policymaking": 1,
        "research_data": 1,
        "international_cooperation": 0,
    }
    assert sum(counts.values()) == 6


def test_regions_list_states_without_needs_and_regions_without_summaries(doc):
    regions = {r["region"]: r for r in doc["by_region"]}
    assert list(regions) == ["AFRICA", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"]
    assert regions["AFRICA"] | {} == regions["AFRICA"]
    assert (
        regions["AFRICA"]["states_with_executive_summary"],
        regions["AFRICA"]["states_with_needs"],
        regions["AFRICA"]["needs"],
        regions["AFRICA"]["share_of_states"],
        regions["AFRICA"]["share_of_needs"],
    ) == (2, 2, 6, 0.5, 0.8571)
    assert (regions["WEOG"]["states_with_executive_summary"], regions["WEOG"]["needs"]) == (1, 0)
    assert regions["WEOG"]["share_of_states"] == 0.25
    assert regions["EEG"]["states_with_executive_summary"] == 0
    assert regions["EEG"]["states_parties"] == 23


def test_since_counts_the_summaries_completed_after_the_previous_note(doc):
    assert doc["since"] == {
        "date": "2021-09-15",
        "new_executive_summaries": 2,
        "new_states_with_needs": 2,
        "new_needs": 4,
    }


def test_an_earlier_as_of_date_counts_fewer_summaries(needs_data):
    doc = ta_needs(NeedsFilter(cycle=2, as_of=SINCE))
    assert (doc["states_with_executive_summary"], doc["states_with_needs"], doc["needs_total"]) == (2, 1, 3)
    assert doc["since"] is None


def test_filters_narrow_by_region_chapter_and_category(needs_data):
    africa = ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, region="AFRICA"))
    assert (africa["states_with_executive_summary"], africa["needs_total"]) == (2, 6)
    assert [r["region"] for r in africa["by_region"]] == ["AFRICA"]
    chapter5 = ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, chapter=5))
    assert chapter5["needs_total"] == 3
    assert rows(chapter5, "by_article", "article") == {
        51: {"needs": 1, "states": 1},
        52: {"needs": 2, "states": 2},
    }
    assert rows(chapter5, "general_needs", "chapter") == {5: {"needs": 1, "states": 1}}
    capacity = ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, category="capacity_building"))
    assert capacity["needs_total"] == 4
    assert rows(capacity, "by_article", "article")[5] == {"needs": 2, "states": 2}


def test_output_passes_the_contract_check(doc, tmp_path):
    path = tmp_path / "ta.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = subprocess.run([sys.executable, str(CHECK), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_counting_rules_are_written_in_the_output(doc):
    assert any("several articles" in rule for rule in doc["counting_rules"])


def test_bad_category_mode_is_refused(needs_data):
    with pytest.raises(InvalidInput):
        ta_needs(NeedsFilter(cycle=2, as_of=AS_OF, categories="some"))


def test_cached_counts_equal_the_direct_counts(needs_data):
    for mode in ("all", "primary"):
        f = NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE, categories=mode)
        assert ta_needs(f) == ta_needs(f, use_cache=False)


@pytest.mark.parametrize("scan_above", [0, 1000])
def test_cache_refresh_by_table_scan_or_index_gives_the_same_counts(needs_data, monkeypatch, scan_above):
    from irm.analysis import selectors, services, sql

    monkeypatch.setattr(sql, "SCAN_ABOVE", scan_above)
    for mode in ("all", "primary"):
        f = NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE, categories=mode)
        assert ta_needs(f) == ta_needs(f, use_cache=False)
        services.refresh_need_counts(
            review_ids=[r.review_id for r in selectors.completed_reviews(cycle=2, as_of=AS_OF)]
        )


def test_cache_follows_changes_to_needs_and_their_links(needs_data):
    from irm.convention.models import Article
    from irm.findings.models import Finding, FindingType

    f = NeedsFilter(cycle=2, as_of=AS_OF)
    assert rows(ta_needs(f), "by_article", "article")[9] == {"needs": 1, "states": 1}
    need = Finding.objects.get(review=needs_data["chn"], type=FindingType.TA_NEED)
    need.articles.add(Article.objects.get(number=10))  # m2m signal
    assert rows(ta_needs(f), "by_article", "article")[10] == {"needs": 1, "states": 1}
    need.delete()
    assert ta_needs(f)["needs_total"] == 6


def test_a_write_that_tells_no_one_is_caught_by_the_verification(needs_data):
    """bulk_create sends no signal: the counts stay as they were until the verification (the worker's
    periodic task, `irm analysis counts`) compares the review's fingerprint with its needs."""
    from irm.analysis import services
    from irm.findings.models import Finding, FindingType

    f = NeedsFilter(cycle=2, as_of=AS_OF)
    assert ta_needs(f)["needs_total"] == 7
    services.verify_need_counts()  # every review counted once
    Finding.objects.bulk_create([Finding(review=needs_data["chn"], type=FindingType.TA_NEED, text="x")])
    assert services.verify_need_counts() == [needs_data["chn"].pk]
    assert ta_needs(f)["needs_total"] == 8
    assert ta_needs(f) == ta_needs(f, use_cache=False)
    assert services.verify_need_counts() == []


def test_needs_written_in_bulk_are_counted_in_the_same_transaction(needs_data):
    """The findings app's bulk writer (imports, loaders) tells the analysis: the counts are current
    when the writing transaction commits, and a reader reads no finding."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from irm.analysis.models import NeedCountStamp
    from irm.findings import services as findings_services
    from irm.findings.imports import FindingRow
    from irm.findings.models import FindingType

    f = NeedsFilter(cycle=2, as_of=AS_OF)
    ta_needs(f)
    chn = needs_data["chn"]
    row = FindingRow(
        row=1,
        review_id=chn.pk,
        type=FindingType.TA_NEED,
        chapter_id=None,
        chapter_number=None,
        article_ids=[],
        article_numbers=[],
        category_ids=[],
        primary_id=None,
        text="bulk need",
        language="en",
        paragraphs="",
        ref="",
        answers_ref="",
    )
    findings_services.add_findings(actor=None, rows=[row])
    assert NeedCountStamp.objects.filter(review_id=chn.pk).exists()
    with CaptureQueriesContext(connection) as queries:
        doc = ta_needs(f)
    assert doc["needs_total"] == 8
    # The counts come from the cache; only the addressed figures read the register's links (which join
    # their needs).
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if "findings_finding" in q["sql"] and "assistance_" not in q["sql"]
    ]
    assert doc == ta_needs(f, use_cache=False)


def test_a_warm_read_reads_no_finding(needs_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f = NeedsFilter(cycle=2, as_of=AS_OF, since=SINCE)
    ta_needs(f)
    with CaptureQueriesContext(connection) as queries:
        ta_needs(f)
    assert len(queries.captured_queries) <= 9  # one more: the needs addressed (one statement)
    # The counts come from the cache; only the addressed figures read the register's links (which join
    # their needs).
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if "findings_finding" in q["sql"] and "assistance_" not in q["sql"]
    ]


def test_counts_command_recounts_what_changed_unseen(needs_data, run_irm):
    from irm.findings.models import Finding, FindingType

    run_irm("analysis", "counts")  # every review counted once
    Finding.objects.filter(review=needs_data["ken"], type=FindingType.TA_NEED).update(
        review=needs_data["chn"]
    )
    assert run_irm("analysis", "counts").startswith("2 reviews recounted")
    assert run_irm("analysis", "counts").startswith("0 reviews recounted")
    assert ta_needs(NeedsFilter(cycle=2, as_of=AS_OF)) == ta_needs(
        NeedsFilter(cycle=2, as_of=AS_OF), use_cache=False
    )
