"""What is cached per content version (issue 18 §5): the version moves with every shared change, in
the change's own transaction, so nothing cached is read stale after a write; anonymous answers only are
shared between clients, each with its own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client

from irm.core import content_cache
from irm.core.audit import content_version, record_event
from irm.parties import services as party_services
from irm.parties.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_caching")]

#: A CSRF token as a page shows it: in the language switcher's form, and in htmx's headers.
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _counting(module, name: str, calls: list[int]):
    """Replace `module.name` by a wrapper that notes each call."""
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    return counted


def _without_tokens(response) -> str:
    """The page with its CSRF tokens blanked (each answer carries a fresh mask of the client's)."""
    return TOKEN.sub("", response.content.decode())


def _record(action: str, actor) -> None:
    with transaction.atomic():
        record_event(actor=actor, action=action, object_type="tests.thing", object_id="1")


def test_a_shared_event_moves_the_content_version_and_a_private_one_does_not(cast):
    before = content_version()
    _record("checklists.answer_saved", cast["fp-kenya"])  # shows only on the checklist's own pages
    assert content_version() == before
    _record("parties.value_corrected", cast["secretariat"])
    moved = content_version()
    assert moved != before
    # The version is the newest shared event's hash: a new chain never reuses one for other content.
    from irm.core.models import AuditEvent

    assert moved == AuditEvent.objects.filter(action="parties.value_corrected").latest("seq").hash


def test_a_correction_shows_at_once_on_the_cached_list_of_parties(client, cast):
    kenya = State.objects.get(iso3="KEN")
    first = client.get("/parties/")
    assert "Kenya" in first.content.decode()
    assert _without_tokens(client.get("/parties/")) == _without_tokens(first)  # from the cache
    party_services.correct_party_value(
        actor=cast["secretariat"], state=kenya, field="name_en", value="Kenya (corrected)", source="UNTERM"
    )
    assert "Kenya (corrected)" in client.get("/parties/").content.decode()


def test_the_cached_answer_is_served_without_the_view(client, monkeypatch):
    from irm.web import selectors

    calls: list[int] = []
    monkeypatch.setattr(selectors, "search_parties", _counting(selectors, "search_parties", calls))
    client.get("/parties/?region=AFRICAN")
    client.get("/parties/?region=AFRICAN")
    assert len(calls) == 1
    client.get("/parties/?region=GRULAC")  # another address: another entry
    assert len(calls) == 2


def test_signed_in_users_never_get_the_public_copy(client, cast):
    anonymous = client.get("/parties/").content.decode()
    assert "Log in" in anonymous
    user = cast["secretariat"]
    name = user.get_full_name() or user.get_username()  # as the bar shows it
    assert name not in anonymous
    client.force_login(user)
    mine = client.get("/parties/").content.decode()
    assert name in mine and "Log out" in mine
    client.logout()
    again = client.get("/parties/").content.decode()
    assert name not in again and "Log in" in again


def test_each_client_gets_its_own_csrf_token_in_a_cached_page():
    first, second = Client(), Client()
    pages = [first.get("/parties/"), second.get("/parties/")]
    for client, page in zip([first, second], pages, strict=True):
        tokens = TOKEN.findall(page.content.decode())
        assert FORM_TOKEN.findall(page.content.decode()), "the language switcher carries a token"
        secret = client.cookies["csrftoken"].value  # the cookie holds the secret itself
        assert {_unmask_cipher_token(t) for t in tokens} == {secret}
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # …and the language switcher of the cached copy works for the second client.
    token = FORM_TOKEN.findall(pages[1].content.decode())[0]
    answer = Client(enforce_csrf_checks=True)
    answer.cookies = second.cookies
    assert answer.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": token}).status_code == 302


def test_a_request_with_a_session_or_messages_is_not_served_from_the_cache(client, monkeypatch):
    from irm.web import selectors

    calls: list[int] = []
    monkeypatch.setattr(selectors, "search_parties", _counting(selectors, "search_parties", calls))
    client.get("/parties/")
    client.cookies["messages"] = "something to show"
    client.get("/parties/")
    del client.cookies["messages"]
    client.cookies["sessionid"] = "an-anonymous-session"
    client.get("/parties/")
    assert len(calls) == 3


def test_each_language_has_its_own_copy(client):
    english = client.get("/parties/", headers={"accept-language": "en"}).content.decode()
    french = client.get("/parties/", headers={"accept-language": "fr"}).content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french


def test_the_findings_database_is_cached_per_generation_of_the_public_index(client, monkeypatch):
    from irm.public import selectors
    from irm.public.indexing import KIND
    from irm.search.facets import generation_key
    from irm.search.models import Generation, PublicEntry

    calls: list[int] = []
    monkeypatch.setattr(selectors, "search", _counting(selectors, "search", calls))
    client.get("/public/findings/?q=corruption")
    client.get("/public/findings/?q=corruption")
    assert len(calls) == 1
    # The worker's indexer writes the index after the change commits: a new generation.
    Generation.objects.update_or_create(key=generation_key(PublicEntry, KIND), defaults={"value": 42})
    client.get("/public/findings/?q=corruption")
    assert len(calls) == 2


def test_an_api_answer_shows_a_correction_at_once(client, cast):
    from irm.cycles.models import Cycle
    from irm.reviews.models import Review

    kenya = State.objects.get(iso3="KEN")
    Review.objects.create(cycle=Cycle.objects.order_by("-number")[0], state=kenya, year=1)
    first = client.get("/api/v1/reviews/")
    assert first["Content-Type"].startswith("application/json")
    assert [r["state"] for r in first.json()] == ["Kenya"]
    assert client.get("/api/v1/reviews/").content == first.content
    party_services.correct_party_value(
        actor=cast["secretariat"], state=kenya, field="name_en", value="Kenya (corrected)", source="UNTERM"
    )
    assert [r["state"] for r in client.get("/api/v1/reviews/").json()] == ["Kenya (corrected)"]


def test_shared_objects_are_kept_while_the_version_stays(cast):
    calls = []

    def compute():
        calls.append(1)
        return ["rows"]

    first = content_cache.shared_per_content_version("test", 1, compute)
    assert content_cache.shared_per_content_version("test", 1, compute) is first
    _record("checklists.answer_saved", cast["fp-kenya"])
    assert content_cache.shared_per_content_version("test", 1, compute) is first
    _record("parties.value_corrected", cast["secretariat"])
    assert content_cache.shared_per_content_version("test", 1, compute) is not first
    assert len(calls) == 2


def test_figures_are_computed_once_per_version_and_day(cast):
    calls = []

    def compute():
        calls.append(1)
        return {"total": len(calls)}

    assert content_cache.per_content_version("test", ("a",), compute) == {"total": 1}
    assert content_cache.per_content_version("test", ("a",), compute) == {"total": 1}
    assert content_cache.per_content_version("test", ("b",), compute) == {"total": 2}
    _record("parties.value_corrected", cast["secretariat"])
    assert content_cache.per_content_version("test", ("a",), compute) == {"total": 3}


def test_switched_off_nothing_is_kept(settings, cast):
    settings.IRM_CONTENT_CACHE = False
    calls = []
    for _ in range(2):
        content_cache.per_content_version("test", (), lambda: calls.append(1))
        content_cache.shared_per_content_version("test", (), lambda: calls.append(1))
    assert len(calls) == 4
