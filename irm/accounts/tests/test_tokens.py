"""API tokens (issue 14 §1 and §3): listed and revocable on the profile page, expiring, revoked with the
password, never more than the user's session, and a read with a token does not write on every call."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from irm.accounts import tokens
from irm.accounts.models import ApiToken
from irm.accounts.tests.conftest import fresh_code
from irm.core.exceptions import Conflict

pytestmark = pytest.mark.django_db


def me(key: str):
    return Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_profile_lists_makes_and_revokes_tokens(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    response = client.post("/accounts/tokens/new/", {"name": "reporting script"})
    assert "no-store" in response["Cache-Control"]
    shown = re.search(r'id="token-key">(irm_[^<]+)<', response.content.decode())
    assert shown, "the new key is shown once"
    key = shown.group(1)
    assert me(key).json()["username"] == "fp-kenya"
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None
    assert abs(token.expires_at - token.created_at - timedelta(days=90)) < timedelta(seconds=5)
    page = client.get("/accounts/profile/").content.decode()
    assert "reporting script" in page and token.prefix in page and key not in page and "active" in page
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert me(key).status_code == 401
    assert "revoked" in client.get("/accounts/profile/").content.decode()


def test_nobody_revokes_another_users_token(client, cast):
    token, key = tokens.create_api_token(actor=None, user=cast["fp-france"], name="theirs")
    client.force_login(cast["fp-kenya"])
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and me(key).status_code == 200


def test_a_token_expires_after_the_configured_days(cast, settings):
    settings.IRM_TOKEN_DAYS = 7
    token, key = tokens.create_api_token(actor=None, user=cast["fp-kenya"], name="short")
    assert token.expires_at is not None
    assert token.expires_at - token.created_at < timedelta(days=7, seconds=5)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = me(key)
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_changing_the_password_revokes_the_tokens(client, cast):
    user = cast["fp-kenya"]
    _, key = tokens.create_api_token(actor=None, user=user, name="script")
    client.force_login(user)
    client.post(
        "/accounts/password-change/",
        {
            "old_password": "focal-demo",
            "new_password1": "a-long-new-secret-42",
            "new_password2": "a-long-new-secret-42",
        },
    )
    assert me(key).status_code == 401


def test_resetting_the_password_revokes_the_tokens(client, cast):
    _, key = tokens.create_api_token(actor=None, user=cast["fp-kenya"], name="script")
    client.post("/accounts/password-reset/", {"email": "fp-kenya@example.org"})
    found = re.search(r"https?://[^/]+(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    link = found.group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-secret-42", "new_password2": "a-long-new-secret-42"},
    )
    assert me(key).status_code == 401


def test_an_account_that_must_use_two_factor_gets_tokens_only_once_it_is_on(client, new_secretariat, cast):
    with pytest.raises(Conflict):
        tokens.create_api_token(actor=None, user=new_secretariat, name="too early")
    assert not new_secretariat.api_tokens.exists()
    # The demo secretariat has it on: a token, which stops working if two-factor is turned off.
    secretariat = cast["secretariat"]
    _, key = tokens.create_api_token(actor=None, user=secretariat, name="script")
    assert me(key).json()["role"] == "secretariat"
    client.force_login(secretariat)
    client.post("/accounts/two-factor/turn-off/", {"code": fresh_code(secretariat)})
    assert me(key).status_code == 401


def test_an_inactive_users_token_is_refused(cast):
    user = cast["fp-kenya"]
    _, key = tokens.create_api_token(actor=None, user=user, name="script")
    user.is_active = False
    user.save()
    assert me(key).status_code == 401


def test_reading_with_a_token_records_its_last_use_at_most_hourly(cast):
    token, key = tokens.create_api_token(actor=None, user=cast["fp-kenya"], name="script")
    assert me(key).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert me(key).status_code == 200
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(hours=2))
    me(key)
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_a_failure_to_record_the_last_use_never_fails_the_request(cast, monkeypatch):
    _, key = tokens.create_api_token(actor=None, user=cast["fp-kenya"], name="script")

    def locked(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr("django.db.models.query.QuerySet.update", locked)
    response = me(key)
    assert response.status_code == 200 and response.json()["username"] == "fp-kenya"
