"""The pages per role: dashboards, the list of parties with filters and search, party, convention, cycles."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/parties/",
    "/parties/KEN/",
    "/parties/euu/",
    "/convention/",
    "/cycles/",
    "/cycles/1/",
    "/cycles/2/",
]
ROLES = ["secretariat", "fp-kenya", "contrib-kenya", "fp-france", "expert-nzl", "delegate", "observer"]


@pytest.mark.parametrize("username", [None, *ROLES])
def test_every_role_sees_every_public_page(client, cast, reviews, username):
    if username:
        client.force_login(cast[username])
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


def test_unknown_cycle_is_404(client):
    assert client.get("/cycles/99/").status_code == 404


def test_secretariat_dashboard_counts_reviews_per_stage_and_overdue_steps(client, cast, reviews):
    client.force_login(cast["secretariat"])
    response = client.get("/")
    board = response.context["board"]
    counts = {row.stage: row.count for row in board.stage_counts}
    assert counts["desk_review_done"] == 1 and counts["summary_published"] == 1 and counts["lots_drawn"] == 1
    assert board.total == 3
    assert board.overdue == 1
    page = response.content.decode()
    assert "/audit/" in page and "/admin/" in page


def test_focal_point_dashboard_lists_only_their_states_reviews(client, cast, reviews):
    client.force_login(cast["fp-kenya"])
    response = client.get("/")
    assert list(response.context["own_reviews"]) == [reviews["KEN"]]
    assert "Reviews of your State" in response.content.decode()


def test_contributor_dashboard_lists_their_states_reviews(client, cast, reviews):
    client.force_login(cast["contrib-kenya"])
    assert list(client.get("/").context["own_reviews"]) == [reviews["KEN"]]


def test_expert_dashboard_lists_assigned_reviews(client, cast, reviews):
    client.force_login(cast["expert-nzl"])
    assert list(client.get("/").context["assigned_reviews"]) == [reviews["KEN"]]


@pytest.mark.parametrize("username", [None, "delegate", "observer"])
def test_public_dashboard_shows_public_figures_only(client, cast, reviews, username):
    if username:
        client.force_login(cast[username])
    response = client.get("/")
    assert "board" not in response.context and "own_reviews" not in response.context
    public = response.context["public"]
    assert public.parties == 193
    assert public.summaries_published == 1
    assert public.reports_published == 0


def test_party_list_filters_by_region(client, reviews):
    states = client.get("/parties/", {"region": "AFRICA"}).context["states"]
    assert states and all(s.regional_group == "AFRICA" for s in states)
    assert "KEN" in {s.iso3 for s in states} and "FRA" not in {s.iso3 for s in states}


@pytest.mark.parametrize(
    ("status", "expected", "absent"),
    [("in_progress", "KEN", "FRA"), ("completed", "FRA", "KEN"), ("not_started", "BRA", "KEN")],
)
def test_party_list_filters_by_review_status(client, reviews, status, expected, absent):
    codes = {s.iso3 for s in client.get("/parties/", {"status": status}).context["states"]}
    assert expected in codes and absent not in codes


def test_states_without_a_review_count_as_not_started(client, reviews):
    codes = {s.iso3 for s in client.get("/parties/", {"status": "not_started"}).context["states"]}
    assert "CHN" in codes


@pytest.mark.parametrize("query", ["Kenya", "ken", "肯尼亚", "KEN"])
def test_party_search_by_any_name_or_code(client, query):
    codes = {s.iso3 for s in client.get("/parties/", {"q": query}).context["states"]}
    assert "KEN" in codes


@pytest.mark.parametrize(
    ("query", "iso3"), [("Vietnam", "VNM"), ("Côte d’Ivoire", "CIV"), ("Swaziland", "SWZ")]
)
def test_party_search_finds_aliases(client, query, iso3):
    assert iso3 in {s.iso3 for s in client.get("/parties/", {"q": query}).context["states"]}


def test_party_search_suggests_names_when_nothing_matches(client):
    # "Tailand" now finds Thailand directly: it is in its Spanish name, Tailandia.
    response = client.get("/parties/", {"q": "Thialand"})
    assert response.context["states"] == []
    assert "THA" in {s.iso3 for s in response.context["result"].suggestions}
    assert "Did you mean" in response.content.decode()


def test_bad_filter_values_are_ignored(client):
    assert len(client.get("/parties/", {"region": "MARS", "status": "x"}).context["states"]) == 193


def test_party_page_shows_names_reviews_and_reviewers(client, reviews):
    page = client.get("/parties/KEN/").content.decode()
    assert "肯尼亚" in page and "Kenya" in page
    assert "New Zealand" in page and "China" in page
    assert "Desk review done" in page
    france = client.get("/parties/FRA/").content.decode()
    assert "Executive summary" in france


def test_party_page_lists_reviews_done_as_reviewer(client, reviews):
    assert "Kenya" in client.get("/parties/NZL/").content.decode()


def test_convention_browser_tags_articles_with_cycles(client):
    page = client.get("/convention/").content.decode()
    assert 'id="chapter-3"' in page and 'id="article-15"' in page
    assert "Cycle 1" in page and "Cycle 2" in page


def test_cycle_page_shows_deadline_extensions_threshold_and_categories(client):
    response = client.get("/cycles/2/")
    page = response.content.decode()
    assert response.context["extensions"]
    assert "70 %" in page
    assert "2025" in page
    assert "Article 5" in page or "Article 5." in page
    assert response.context["cycle"].ta_categories.count() == 6


def test_headings_landmarks_and_skip_link(client):
    page = client.get("/parties/").content.decode()
    assert 'href="#main"' in page and '<main id="main"' in page
    assert "<header>" in page and "<footer" in page
    assert 'scope="col"' in page
    assert 'aria-current="page"' in page


def test_language_switch_sets_lang_and_dir(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    page = response.content.decode()
    assert 'lang="zh-Hans"' in page and 'dir="ltr"' in page
    assert "实施情况审议机制" in page


def test_arabic_pages_are_right_to_left_with_the_rtl_stylesheet(client):
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    page = client.get("/parties/").content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "bootstrap.rtl.min.css" in page
    assert "bootstrap.min.css" not in page


def test_english_pages_load_the_ltr_stylesheet(client):
    page = client.get("/").content.decode()
    assert 'dir="ltr"' in page and "bootstrap.min.css" in page and "rtl" not in page.split("</head>")[0]


@pytest.mark.parametrize("language", ["fr", "ru", "es", "ar", "zh-hans"])
def test_navigation_is_translated_in_every_language(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get("/").content.decode()
    assert ">States parties<" not in page


def test_numbers_and_dates_are_localised(client, reviews):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get("/cycles/2/").content.decode()
    assert "décembre 2025" in page


def test_audit_trail_is_for_the_secretariat_only(client, cast):
    client.force_login(cast["secretariat"])
    client.post("/accounts/profile/", {"preferred_language": "fr"})
    response = client.get("/audit/", {"action": "accounts"})
    assert response.status_code == 200
    assert "accounts.language_set" in response.content.decode()
    client.force_login(cast["fp-kenya"])
    assert client.get("/audit/").status_code == 404
