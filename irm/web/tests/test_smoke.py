import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/parties/", "/parties/KEN/", "/convention/", "/cycles/", "/cycles/2/"])
def test_public_pages_answer(client, url):
    assert client.get(url).status_code == 200


def test_unknown_party_is_404(client):
    assert client.get("/parties/XXX/").status_code == 404


@pytest.mark.browser
def test_home_page_in_a_real_browser(page, cast, login):
    login(page, "secretariat", "secretariat-demo")
    page.goto("/")
    assert "Implementation Review Mechanism" in page.content()
