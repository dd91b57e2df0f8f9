"""Two-factor authentication (issue 14 §1): the secretariat must use it, set up at first login and
asked at every login after; a code is accepted once, wherever it is given; secrets are stored
encrypted; recovery codes replace the authenticator once."""

from __future__ import annotations

import re

import pytest

from irm.accounts import services, totp
from irm.accounts.middleware import LAST_SEEN, OTP_VERIFIED
from irm.accounts.models import RecoveryCode, User
from irm.accounts.tests.conftest import fresh_code, password_login
from irm.accounts.views import PENDING_SECRET
from irm.core.models import AuditEvent
from irm.demo.loader import read_data
from irm.demo.steps.users import logins

pytestmark = pytest.mark.django_db


def recovery_codes_in(response) -> list[str]:
    return re.findall(r"<code class=\"fs-5\">([a-z0-9-]+)</code>", response.content.decode())


def enrol(client) -> tuple[str, list[str]]:
    """Set up TOTP on the enrolment page for the logged-in user; returns the secret and recovery codes."""
    page = client.get("/accounts/two-factor/set-up/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    secret = totp.decrypt_secret(client.session[PENDING_SECRET])
    assert secret in page.content.decode() and secret not in client.session[PENDING_SECRET]
    response = client.post(
        "/accounts/two-factor/set-up/", {"code": totp.code_for(secret, totp.current_step(secret))}
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    codes = recovery_codes_in(response)
    assert len(codes) == 10
    return secret, codes


def test_a_secretariat_member_sets_up_two_factor_at_first_login_before_anything_else(client, new_secretariat):
    password_login(client, "sec-new", "a-long-secret-phrase-7")
    for path in ["/", "/accounts/profile/", "/audit/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/two-factor/set-up/?next="), path
    assert client.get("/api/v1/accounts/me").json()["authenticated"] is False
    page = client.get("/accounts/two-factor/set-up/").content.decode()
    assert "Secretariat accounts must use two-factor authentication" in page or "required" in page.lower()
    secret, _ = enrol(client)
    new_secretariat.refresh_from_db()
    assert new_secretariat.totp_enabled and totp.decrypt_secret(new_secretariat.totp_secret) == secret
    assert secret not in new_secretariat.totp_secret  # stored encrypted
    assert secret not in str(list(AuditEvent.objects.values("before", "after", "reason")))
    assert client.get("/").status_code == 200
    # Enforced after: the next login asks for a code.
    client.logout()
    password_login(client, "sec-new", "a-long-secret-phrase-7")
    assert client.get("/").url.startswith("/accounts/otp/")


def test_the_demo_secretariat_answers_the_second_step_with_the_printed_secret(client, cast):
    user = cast["secretariat"]
    assert user.totp_enabled and totp.decrypt_secret(user.totp_secret) == "IRMDEMOSECRETARIATTWOFACTORCODES"
    assert (
        "IRMDEMOSECRETARIATTWOFACTORCODES" in {u: w for u, _, w in logins(read_data("users"))}["secretariat"]
    )
    password_login(client, "secretariat", "secretariat-demo")
    response = client.get("/audit/")
    assert response.status_code == 302 and response.url == "/accounts/otp/?next=%2Faudit%2F"
    assert client.post("/accounts/otp/", {"code": "123456"}).status_code == 200
    assert not client.session.get(OTP_VERIFIED)
    response = client.post("/accounts/otp/", {"code": fresh_code(user), "next": "/audit/"})
    assert response.status_code == 302 and response.url == "/audit/"
    assert client.get("/audit/").status_code == 200


def test_a_code_is_accepted_once_wherever_it_is_given(client, cast):
    user = cast["secretariat"]
    code = fresh_code(user)
    password_login(client, "secretariat", "secretariat-demo")
    client.post("/accounts/otp/", {"code": code})
    assert client.session.get(OTP_VERIFIED)
    # Replayed at another login (same 30 seconds): refused.
    other = client.__class__()
    password_login(other, "secretariat", "secretariat-demo")
    assert other.post("/accounts/otp/", {"code": code}).status_code == 200
    assert not other.session.get(OTP_VERIFIED)
    # Replayed to turn two-factor off: refused, nothing changed.
    client.post("/accounts/two-factor/turn-off/", {"code": code})
    user.refresh_from_db()
    assert user.totp_enabled
    assert not services.accept_totp_code(user=user, code=code)


def test_the_code_that_turned_two_factor_on_does_not_log_in(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    secret, _ = enrol(client)
    used = totp.code_for(secret, totp.current_step(secret))
    client.logout()
    password_login(client, "fp-kenya", "focal-demo")
    client.post("/accounts/otp/", {"code": used})
    assert not client.session.get(OTP_VERIFIED)


def test_a_wrong_code_at_enrolment_changes_nothing(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    client.get("/accounts/two-factor/set-up/")
    response = client.post("/accounts/two-factor/set-up/", {"code": "000000"})
    assert response.status_code == 200 and "not right" in response.content.decode()
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""


def test_too_many_wrong_codes_log_the_user_out(client, cast):
    password_login(client, "secretariat", "secretariat-demo")
    for _ in range(5):
        response = client.post("/accounts/otp/", {"code": "000000"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert client.get("/accounts/profile/").status_code == 302


def test_turning_two_factor_off_needs_a_current_code(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    enrol(client)
    client.post("/accounts/two-factor/turn-off/", {"code": "000000"})
    user.refresh_from_db()
    assert user.totp_enabled
    client.post("/accounts/two-factor/turn-off/", {"code": fresh_code(user)})
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""


def test_otp_page_without_two_factor_goes_home(client, cast):
    client.force_login(cast["observer"])
    response = client.get("/accounts/otp/")
    assert response.status_code == 302 and response.url == "/"


def test_code_check_tolerates_spaces_and_rejects_other_lengths():
    secret = totp.new_secret()
    code = totp.code_for(secret, totp.current_step(secret))
    assert services.totp_code_matches(secret=secret, code=f"{code[:3]} {code[3:]}")
    assert not services.totp_code_matches(secret=secret, code=code[:5])
    assert not services.totp_code_matches(secret="", code=code)


def test_a_recovery_code_replaces_the_authenticator_once(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    _, codes = enrol(client)
    stored = list(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)  # only HMACs are kept
    assert not any(c in str(list(AuditEvent.objects.values("after"))) for c in codes)
    assert "10 recovery codes left" in client.get("/accounts/profile/").content.decode()
    client.logout()
    password_login(client, "fp-kenya", "focal-demo")
    response = client.post("/accounts/otp/", {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert client.session.get(OTP_VERIFIED) is True and "9 left" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.recovery_code_used").count() == 1
    client.logout()
    password_login(client, "fp-kenya", "focal-demo")
    assert client.post("/accounts/otp/", {"code": codes[0]}).status_code == 200  # spent
    assert not client.session.get(OTP_VERIFIED)
    client.post("/accounts/otp/", {"code": codes[1]})
    assert client.session.get(OTP_VERIFIED) is True
    fresh = recovery_codes_in(client.post("/accounts/two-factor/recovery-codes/"))
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    client.logout()
    password_login(client, "fp-kenya", "focal-demo")
    client.post("/accounts/otp/", {"code": codes[2]})  # replaced by the new set
    assert not client.session.get(OTP_VERIFIED)
    client.post("/accounts/otp/", {"code": fresh_code(user)})
    client.post("/accounts/two-factor/turn-off/", {"code": fresh_code(user)})
    assert not RecoveryCode.objects.filter(user=user).exists()


def test_before_the_second_step_no_account_page_but_logging_in_and_out_is_reached(client, cast):
    user = cast["secretariat"]
    password_login(client, "secretariat", "secretariat-demo")
    # A stolen password alone must not mint recovery codes or tokens, change the password or read the profile.
    for path in ["/accounts/profile/", "/accounts/password-change/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/otp/"), path
    for path in ["/accounts/two-factor/recovery-codes/", "/accounts/tokens/new/"]:
        response = client.post(path, {"name": "stolen"})
        assert response.status_code == 302 and response.url.startswith("/accounts/otp/"), path
    assert not user.api_tokens.exists()
    assert client.get("/accounts/otp/").status_code == 200
    client.post("/accounts/otp/", {"code": fresh_code(user)})
    assert client.get("/accounts/profile/").status_code == 200


def test_the_session_of_the_secretariat_ends_after_eight_idle_hours(client, cast, settings):
    assert settings.SECRETARIAT_IDLE_SECONDS == 8 * 3600
    client.force_login(cast["secretariat"])
    assert client.get("/").status_code == 200
    session = client.session
    assert session.get_expiry_age() <= 8 * 3600
    session[LAST_SEEN] -= 8 * 3600 + 60
    session.save()
    response = client.get("/audit/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/accounts/profile/").status_code == 302  # logged out
    # Another role's session is not cut after eight hours.
    client.force_login(cast["fp-kenya"])
    session = client.session
    session[LAST_SEEN] = 0
    session.save()
    assert client.get("/accounts/profile/").status_code == 200


def test_an_api_session_without_the_second_factor_is_anonymous(client, cast):
    password_login(client, "secretariat", "secretariat-demo")
    assert client.get("/api/v1/accounts/me").json()["authenticated"] is False


def test_secrets_stored_in_clear_before_are_encrypted_by_the_migration(cast):
    from importlib import import_module

    from django.apps import apps

    user = cast["fp-france"]
    User.objects.filter(pk=user.pk).update(totp_secret="JBSWY3DPEHPK3PXP", totp_enabled=True)
    import_module("irm.accounts.migrations.0005_encrypt_totp_secrets_and_expire_tokens").encrypt(apps, None)
    user.refresh_from_db()
    assert (
        user.totp_secret.startswith("gAAAA") and totp.decrypt_secret(user.totp_secret) == "JBSWY3DPEHPK3PXP"
    )
