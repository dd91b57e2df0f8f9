"""The engine on the database at hand (run the suite on SQLite and on PostgreSQL: same answers)."""

from __future__ import annotations

import pytest
from django.db import connection

from irm.search import facets, selectors, services
from irm.search.models import PublicEntry, RestrictedEntry
from irm.search.selectors import Query, Sort
from irm.search.services import Document
from irm.search.text import index_text, query_terms

pytestmark = pytest.mark.django_db

TEXTS = [
    (1, "en", "The anti-corruption commission lacks resources.", {"state": ["KEN"], "article": ["6"]}),
    (2, "zh", "加强打击腐败的国际合作。", {"state": ["CHN"], "article": ["43", "46"]}),
    (3, "fr", "Les élections et la corruption des agents publics.", {"state": ["FRA"], "article": ["15"]}),
    (4, "ar", "مكافحة الفَسَاد في القطاع الخاص", {"state": ["EGY"], "article": ["12"]}),
    (5, "ru", "Борьба с коррупцией в частном секторе", {"state": ["RUS"], "article": ["12"]}),
    (6, "es", "Protección de los denunciantes de corrupción", {"state": ["MEX"], "article": ["33"]}),
    (7, "en", "Whistle-blower protection is in place.", {"state": ["KEN"], "article": ["33"]}),
]


@pytest.fixture
def indexed():
    facets.forget()
    services.replace_kind(
        index=PublicEntry,
        kind="test",
        documents=[
            Document(
                object_id=oid,
                tokens=index_text([(text, lang)]),
                language=lang,
                facets={**values, "language": [lang]},
                sort={"state": values["state"][0], "n": oid},
            )
            for oid, lang, text, values in TEXTS
        ],
    )


def ids(q: str, **kwargs) -> list[int]:
    result = selectors.search(PublicEntry, "test", Query(terms=query_terms(q), limit=None, **kwargs))
    return sorted(result.object_ids)


def test_the_full_text_index_sees_exactly_the_python_tokens(indexed):
    """PostgreSQL's `simple` configuration and FTS5's `unicode61` must not cut our tokens again."""
    entry = PublicEntry.objects.get(kind="test", object_id=2)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tsvector_to_array(tsv) FROM search_publicentry WHERE id = %s", [entry.pk])
            lexemes = set(cursor.fetchone()[0])
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, search_publicentry_fts, instance)"
            )
            cursor.execute("SELECT term FROM temp.v WHERE doc = %s", [entry.pk])
            lexemes = {row[0] for row in cursor.fetchall()}
            cursor.execute("DROP TABLE temp.v")
    assert lexemes == set(entry.tokens.split())


def test_chinese_word_is_found(indexed):
    assert ids("腐败") == [2]


def test_a_query_word_finds_its_forms_in_every_language(indexed):
    assert ids("corruption") == [1, 3]  # anti-corruption (en), corruption (fr)
    assert ids("corrupcion") == [6]  # corrupción, accent folded
    assert ids("коррупция") == [5]
    assert ids("الفساد") == [4]
    assert ids("ELECTIONS") == [3]  # élections, accent and case folded


def test_every_word_must_match_and_prefixes_work(indexed):
    assert ids("whistle protection") == [7]
    assert ids("protec*") == [6, 7]  # protection, protección
    assert ids("corruption commission") == [1]


def test_filters_and_facet_counts(indexed):
    result = selectors.search(
        PublicEntry,
        "test",
        Query(filters={"article": {"33"}}, facets=["state", "article"], limit=None),
    )
    assert sorted(result.object_ids) == [6, 7]
    assert dict(result.facets["state"]) == {"KEN": 1, "MEX": 1}
    # A facet is counted without its own filter: every article stays choosable.
    assert dict(result.facets["article"])["12"] == 2


def test_required_values_are_never_exceeded(indexed):
    result = selectors.search(
        PublicEntry,
        "test",
        Query(required={"state": {"KEN"}}, facets=["state", "article"], limit=None),
    )
    assert sorted(result.object_ids) == [1, 7]
    assert dict(result.facets["state"]) == {"KEN": 2}


def test_sort_and_pages(indexed):
    query = Query(sort=[Sort("state"), Sort("n", descending=True)], limit=3, offset=0)
    first = selectors.search(PublicEntry, "test", query)
    assert first.count == 7
    assert first.object_ids == [2, 4, 3]  # CHN, EGY, FRA
    query.offset = 3
    assert selectors.search(PublicEntry, "test", query).object_ids == [7, 1, 6]  # KEN 7 before KEN 1


def test_cached_arrays_follow_every_write(indexed):
    assert ids("whistle") == [7]
    services.remove_documents(index=PublicEntry, kind="test", object_ids=[7])
    assert ids("whistle") == []
    assert selectors.search(PublicEntry, "test", Query(limit=None)).count == 6


def test_restricted_entries_are_a_separate_index(indexed):
    services.put_documents(
        index=RestrictedEntry,
        kind="test",
        documents=[Document(object_id=99, tokens=index_text([("confidential zqxmarker", "en")]))],
    )
    assert ids("zqxmarker") == []
    assert selectors.search(RestrictedEntry, "test", Query(terms=query_terms("zqxmarker"))).object_ids == [99]


def _same(a: facets.FacetTable, b: facets.FacetTable) -> None:
    assert list(a.entry_ids) == list(b.entry_ids) and list(a.object_ids) == list(b.object_ids)
    assert set(a.facets) == set(b.facets) and set(a.sort_keys) == set(b.sort_keys)
    for row in range(a.size):
        for name in a.facets:
            assert a.facets[name].values_of(row) == b.facets[name].values_of(row), (name, row)
        for name in a.sort_keys:
            assert a.sort_keys[name].value_of(row) == b.sort_keys[name].value_of(row), (name, row)


def test_arrays_are_stored_and_brought_up_to_date_from_new_rows_only(indexed, settings, tmp_path):
    """A new process loads the stored arrays (reads no row); after a write only the new rows are read,
    and the result is what reading every row gives."""
    settings.SEARCH_SNAPSHOTS = True
    settings.DATA_DIR = tmp_path
    facets.forget()
    first = facets.table(PublicEntry, "test")
    assert first.read == 7 and facets.snapshot_path(PublicEntry, "test").exists()
    facets.forget()  # a process started now
    assert facets.table(PublicEntry, "test").read == 0
    services.put_documents(
        index=PublicEntry,
        kind="test",
        documents=[
            Document(
                object_id=3, tokens="x", facets={"state": ["BEL"], "article": ["5", "15"]}, sort={"n": 30}
            ),
            Document(
                object_id=8, tokens="y", facets={"state": ["KEN"], "theme": ["t"]}, sort={"state": "KEN"}
            ),
        ],
    )
    services.remove_documents(index=PublicEntry, kind="test", object_ids=[4])
    current = facets.table(PublicEntry, "test")
    assert current.read == 2
    _same(current, facets.build(PublicEntry, "test", current.generation))
    result = selectors.search(PublicEntry, "test", Query(facets=["state", "theme"], limit=None))
    assert dict(result.facets["state"]) == {"KEN": 3, "BEL": 1, "CHN": 1, "RUS": 1, "MEX": 1}
    assert dict(result.facets["theme"]) == {"t": 1}
    facets.forget()  # stored before the write: the new process reads the two new rows only
    restarted = facets.table(PublicEntry, "test")
    assert restarted.read in (0, 2)
    _same(restarted, current)
