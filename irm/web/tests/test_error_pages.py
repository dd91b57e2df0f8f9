"""Issue 17 §9: friendly error pages in the interface language, links opened while logged out, tabs a
role cannot use."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from irm import urls as site_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_debug")]


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False  # the error pages a visitor sees, whatever another test left behind


def _boom(request):
    raise RuntimeError("secret-table-name in a traceback")


urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]


def test_a_page_that_does_not_exist_is_friendly_and_in_the_interface_language(client, cast):
    client.force_login(cast["fp-kenya"])
    response = client.get("/cycles/99/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "Go to your home page" in page and 'href="/"' in page
    client.cookies["django_language"] = "fr"
    french = client.get("/cycles/99/")
    assert french.status_code == 404 and '<html lang="fr"' in french.content.decode()


def test_a_link_opened_while_logged_out_leads_to_login_and_back(client, cast, reviews):
    link = f"/reviews/{reviews['KEN'].cycle.number}/KEN/workflow/"
    assert client.get(link).status_code == 404  # not a browser asking for a page (an image, a feed)
    response = client.get(link, headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + link
    assert f'name="next" value="{link}"' in client.get(response["Location"]).content.decode()
    cast["fp-kenya"].set_password("a-test-pass-9")
    cast["fp-kenya"].save()
    back = client.post(
        "/accounts/login/", {"username": "fp-kenya", "password": "a-test-pass-9", "next": link}
    )
    assert back.status_code == 302 and back["Location"] == link
    assert client.get(link).status_code == 200


def test_the_login_never_sends_the_browser_off_site(client, cast):
    cast["fp-kenya"].set_password("a-test-pass-9")
    cast["fp-kenya"].save()
    back = client.post(
        "/accounts/login/",
        {"username": "fp-kenya", "password": "a-test-pass-9", "next": "//evil.example/"},
    )
    assert back.status_code == 302 and back["Location"] == "/"


def test_an_unknown_address_stays_404_and_the_api_stays_json(client):
    html = {"Accept": "text/html"}
    assert client.get("/no-such-page/", headers=html).status_code == 404
    assert client.get("/parties/XXX/", headers=html).status_code == 404  # public: no such State
    assert client.get("/cycles/99/", headers=html).status_code == 404
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")


def test_a_signed_in_user_who_may_not_see_gets_404_not_login(client, cast, reviews):
    client.force_login(cast["fp-france"])
    response = client.get(f"/reviews/{reviews['KEN'].cycle.number}/KEN/workflow/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_the_500_page_shows_no_server_data(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "secret-table-name" not in page and "Traceback" not in page


def test_the_credentials_tab_is_shown_only_to_who_may_open_it(client, cast):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from irm.meetings import services
    from irm.meetings.models import Body

    start = timezone.localdate() + timedelta(days=20)
    session = services.create_session(
        actor=cast["secretariat"],
        body=Body.COSP,
        number=98,
        title_en="Ninety-eighth session",
        city="Vienna",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        opens_at=datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("Europe/Vienna")),
    )
    url = f"/meetings/{session.slug}/"
    client.force_login(cast["observer"])
    assert "/credentials/" not in client.get(url).content.decode()
    assert client.get(f"/meetings/{session.slug}/credentials/").status_code == 404
    client.force_login(cast["delegate"])
    assert f"/meetings/{session.slug}/credentials/" in client.get(url).content.decode()
    client.force_login(cast["secretariat"])
    assert f"/meetings/{session.slug}/credentials/" in client.get(url).content.decode()
