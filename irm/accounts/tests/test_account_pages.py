"""Logging in (username or e-mail), password reset by e-mail, profile (two-factor: test_two_factor)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from irm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_with_username(client, cast):
    response = client.post("/accounts/login/", {"username": "fp-kenya", "password": "focal-demo"})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "fp-kenya"


def test_login_with_email_in_any_case(client, cast):
    response = client.post("/accounts/login/", {"username": "FP-Kenya@Example.org", "password": "focal-demo"})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_wrong_password_shows_an_error_and_does_not_log_in(client, cast):
    response = client.post("/accounts/login/", {"username": "fp-kenya", "password": "nope"})
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode() or "didn't match" in response.content.decode()
    assert client.get("/accounts/profile/").status_code == 302


def test_login_applies_the_preferred_language(client, cast):
    user = cast["fp-france"]
    user.preferred_language = "fr"
    user.save()
    response = client.post("/accounts/login/", {"username": "fp-france", "password": "focal-demo"})
    assert response.cookies["django_language"].value == "fr"
    assert 'lang="fr"' in client.get("/").content.decode()


def test_password_reset_sends_a_mail_with_a_working_link(client, cast):
    response = client.post("/accounts/password-reset/", {"email": "fp-kenya@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fp-kenya@example.org"]
    assert "fp-kenya" in message.body
    found = re.search(r"https?://[^/]+(/accounts/reset/\S+)", str(message.body))
    assert found, message.body
    link = found.group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "new_password1" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-secret-42", "new_password2": "a-long-new-secret-42"},
    )
    assert done.status_code == 302
    assert client.login(username="fp-kenya", password="a-long-new-secret-42")


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, cast):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_reset_pages_render(client):
    for url in ["/accounts/password-reset/", "/accounts/password-reset/done/", "/accounts/reset/done/"]:
        assert client.get(url).status_code == 200
    assert "does not work" in client.get("/accounts/reset/MQ/bad-token/").content.decode()


def test_profile_lists_memberships_and_saves_the_language(client, cast):
    client.force_login(cast["fp-kenya"])
    page = client.get("/accounts/profile/").content.decode()
    assert "Focal point" in page and "Kenya" in page
    response = client.post("/accounts/profile/", {"preferred_language": "zh-hans"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "zh-hans"
    cast["fp-kenya"].refresh_from_db()
    assert cast["fp-kenya"].preferred_language == "zh-hans"
    assert AuditEvent.objects.filter(action="accounts.language_set").exists()


def test_profile_needs_login(client):
    assert client.get("/accounts/profile/").status_code == 302
