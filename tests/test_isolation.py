"""Tests do not leak state into the next test on the same worker (conftest.py's autouse fixtures)."""

import pytest
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("isolation")]


def test_a_french_page_leaves_french_active_in_the_thread(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.headers["Content-Language"] == "fr"
    assert translation.get_language() == "fr"  # what Django's locale middleware leaves behind
    assert translation.gettext("Stages") == "Étapes"


def test_the_next_test_starts_in_the_default_language():
    """Runs after the test above, on the same worker (`xdist_group` keeps their order): command output
    and messages are English again, as in a fresh `irm` process."""
    assert translation.get_language() == "en"
    assert translation.gettext("Stages") == "Stages"
