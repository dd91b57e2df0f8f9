"""Logging in (username or e-mail), password reset by e-mail, profile, TOTP set-up and check."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail

from irm.accounts import services
from irm.accounts.middleware import OTP_VERIFIED
from irm.accounts.views import PENDING_SECRET
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
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
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


def test_secretariat_profile_asks_for_two_factor(client, cast):
    client.force_login(cast["secretariat"])
    assert "should use two-factor" in client.get("/accounts/profile/").content.decode()
    assert "Set up two-factor" in client.get("/").content.decode()


def _enrol(client, user) -> str:
    client.force_login(user)
    page = client.get("/accounts/two-factor/set-up/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    secret = client.session[PENDING_SECRET]
    assert secret in page.content.decode()
    response = client.post("/accounts/two-factor/set-up/", {"code": pyotp.TOTP(secret).now()})
    # Turning it on shows the recovery codes, once.
    assert response.status_code == 200 and len(recovery_codes_in(response)) == 10
    assert response["Cache-Control"] == "no-store"
    return secret


def recovery_codes_in(response) -> list[str]:
    return re.findall(r"<code class=\"fs-5\">([a-z0-9-]+)</code>", response.content.decode())


def test_totp_enrolment_with_a_wrong_code_changes_nothing(client, cast):
    user = cast["secretariat"]
    client.force_login(user)
    client.get("/accounts/two-factor/set-up/")
    response = client.post("/accounts/two-factor/set-up/", {"code": "000000"})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""


def test_totp_enrolment_then_second_step_at_next_login(client, cast):
    user = cast["secretariat"]
    secret = _enrol(client, user)
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == secret
    assert AuditEvent.objects.filter(action="accounts.totp_enabled", object_id=str(user.pk)).exists()
    assert secret not in str(AuditEvent.objects.filter(action="accounts.totp_enabled").values().first())
    # This session stays verified; a new login must pass the second step.
    assert client.get("/").status_code == 200
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/otp/"
    assert client.post("/accounts/otp/", {"code": "123456"}).status_code == 200
    assert not client.session.get(OTP_VERIFIED)
    response = client.post("/accounts/otp/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session[OTP_VERIFIED] is True
    assert client.get("/").status_code == 200


def test_too_many_wrong_codes_log_the_user_out(client, cast):
    user = cast["secretariat"]
    _enrol(client, user)
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    for _ in range(5):
        response = client.post("/accounts/otp/", {"code": "000000"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert client.get("/accounts/profile/").status_code == 302


def test_turning_totp_off_needs_a_current_code(client, cast):
    user = cast["fp-kenya"]
    secret = _enrol(client, user)
    client.post("/accounts/two-factor/turn-off/", {"code": "000000"})
    user.refresh_from_db()
    assert user.totp_enabled
    client.post("/accounts/two-factor/turn-off/", {"code": pyotp.TOTP(secret).now()})
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""


def test_otp_verify_without_totp_goes_home(client, cast):
    client.force_login(cast["observer"])
    response = client.get("/accounts/otp/")
    assert response.status_code == 302 and response.url == "/"


def test_code_check_tolerates_spaces_and_rejects_other_lengths():
    secret = services.new_totp_secret()
    code = pyotp.TOTP(secret).now()
    assert services.totp_code_matches(secret=secret, code=f"{code[:3]} {code[3:]}")
    assert not services.totp_code_matches(secret=secret, code=code[:5])
    assert not services.totp_code_matches(secret="", code=code)


def test_a_recovery_code_replaces_the_authenticator_once(client, cast):
    from irm.accounts.models import RecoveryCode

    user = cast["secretariat"]
    client.force_login(user)
    client.get("/accounts/two-factor/set-up/")
    secret = client.session[PENDING_SECRET]
    codes = recovery_codes_in(client.post("/accounts/two-factor/set-up/", {"code": pyotp.TOTP(secret).now()}))
    stored = list(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)  # only HMACs are kept
    assert not any(c in str(list(AuditEvent.objects.values("after"))) for c in codes)
    assert "10 recovery codes left" in client.get("/accounts/profile/").content.decode()
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    response = client.post("/accounts/otp/", {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert client.session.get(OTP_VERIFIED) is True and "9 left" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.recovery_code_used").count() == 1
    # Spent: the same code does not work a second time.
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    assert client.post("/accounts/otp/", {"code": codes[0]}).status_code == 200
    assert not client.session.get(OTP_VERIFIED)
    client.post("/accounts/otp/", {"code": codes[1]})
    assert client.session.get(OTP_VERIFIED) is True
    # New codes replace the old ones.
    fresh = recovery_codes_in(client.post("/accounts/two-factor/recovery-codes/"))
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    client.post("/accounts/otp/", {"code": codes[2]})
    assert not client.session.get(OTP_VERIFIED)
    client.post("/accounts/otp/", {"code": pyotp.TOTP(secret).now()})
    # Turning two-factor off removes the codes.
    client.post("/accounts/two-factor/turn-off/", {"code": pyotp.TOTP(secret).now()})
    assert not RecoveryCode.objects.filter(user=user).exists()


def test_before_the_second_step_no_account_page_but_logging_in_and_out_is_reached(client, cast):
    user = cast["secretariat"]
    secret = _enrol(client, user)
    client.logout()
    client.post("/accounts/login/", {"username": "secretariat", "password": "secretariat-demo"})
    # A stolen password alone must not mint recovery codes, change the password or read the profile.
    for path in ["/accounts/profile/", "/accounts/password-change/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/accounts/otp/", path
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 302 and response.url == "/accounts/otp/"
    assert client.get("/accounts/otp/").status_code == 200
    client.post("/accounts/otp/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/accounts/profile/").status_code == 200
