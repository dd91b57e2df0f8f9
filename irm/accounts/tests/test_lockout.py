"""Login throttling with django-axes (issue 14 §1): ten wrong passwords in a row lock the account, and
ten from one address lock the address, for fifteen minutes; `irm accounts unlock` lifts a lock.
Runs on SQLite and PostgreSQL alike (the attempts are database rows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from irm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, address: str = "203.0.113.5", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    return client, client.post("/accounts/login/", {"username": username, "password": password})


def logged_in(client) -> bool:
    return client.get("/api/v1/accounts/me").json()["authenticated"]


def fail(times: int, username: str = "fp-kenya", address: str = "203.0.113.5") -> None:
    for _ in range(times):
        _, response = attempt(username, "wrong", address)
        assert response.status_code in {200, 429}


def test_after_ten_wrong_passwords_the_right_one_is_refused_for_fifteen_minutes(cast):
    fail(9)
    client, response = attempt("fp-kenya", "focal-demo", "198.51.100.7")
    assert response.status_code == 302 and logged_in(client)  # nine were not enough; success resets
    fail(10)
    client, response = attempt("fp-kenya", "focal-demo", "198.51.100.7")  # right password, other address
    assert response.status_code == 429
    assert "locked after too many wrong passwords" in response.content.decode()
    assert not logged_in(client)
    # Fourteen minutes later still locked; after fifteen, the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert attempt("fp-kenya", "focal-demo", "198.51.100.7")[1].status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    client, response = attempt("fp-kenya", "focal-demo", "198.51.100.7")
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_page_is_in_the_interface_language(cast):
    fail(10)
    _, response = attempt("fp-kenya", "focal-demo", "198.51.100.7", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429 and 'lang="fr"' in response.content.decode()


def test_other_spellings_of_the_account_count_as_the_same_account(cast):
    for name in ["FP-Kenya", "fp-kenya@example.org", "FP-KENYA@EXAMPLE.ORG", "fp-kenya", "Fp-Kenya"] * 2:
        attempt(name, "wrong", "192.0.2.1" if name.islower() else "192.0.2.2")
    assert attempt("fp-kenya", "focal-demo", "198.51.100.7")[1].status_code == 429


def test_ten_failures_from_one_address_lock_that_address_for_every_account(cast):
    for n in range(10):
        attempt(f"nobody-{n}", "wrong", "203.0.113.9")
    assert attempt("fp-france", "focal-demo", "203.0.113.9")[1].status_code == 429
    client, response = attempt("fp-france", "focal-demo", "198.51.100.7")
    assert response.status_code == 302 and logged_in(client)


def test_the_secretariat_unlocks_an_account_from_the_command_line(cast, run_irm):
    fail(10)
    assert attempt("fp-kenya", "focal-demo", "198.51.100.7")[1].status_code == 429
    assert "fp-kenya: unlocked" in run_irm("accounts", "unlock", "fp-kenya")
    client, response = attempt("fp-kenya", "focal-demo", "198.51.100.7")
    assert response.status_code == 302 and logged_in(client)
    assert AuditEvent.objects.filter(
        action="accounts.login_unlocked", object_id=str(cast["fp-kenya"].pk)
    ).exists()


def test_unlocking_an_unknown_account_says_so(cast):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No user is called ghost"):
        call_command("accounts", "unlock", "ghost")
