"""`next=` goes only to this site, and passwords made only of digits are refused (issue 14 §1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from irm.accounts.tests.conftest import fresh_code, password_login
from irm.core.http import safe_next

pytestmark = pytest.mark.django_db
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/x",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
    "\\\\evil.example",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_login_never_sends_the_browser_to_another_site(client, cast, target):
    response = client.post(
        "/accounts/login/", {"username": "fp-kenya", "password": "focal-demo", "next": target}
    )
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_second_step_never_sends_the_browser_to_another_site(client, cast, target):
    password_login(client, "secretariat", "secretariat-demo")
    response = client.post("/accounts/otp/", {"code": fresh_code(cast["secretariat"]), "next": target})
    assert response.status_code == 302 and response.url == "/"


def test_a_next_on_this_site_is_followed(client, cast):
    response = client.post(
        "/accounts/login/", {"username": "fp-kenya", "password": "focal-demo", "next": "/accounts/profile/"}
    )
    assert response.url == "/accounts/profile/"


def test_safe_next_takes_the_first_address_on_this_site():
    request = RequestFactory().post("/")
    assert safe_next(request, "https://evil.example/", "/reviews/", fallback="home") == "/reviews/"
    assert safe_next(request, None, "//evil.example", fallback="home") == "/"


@pytest.mark.parametrize("password", ["84736291047265", "000000000000"])
def test_a_password_of_digits_only_is_refused(password, cast):
    with pytest.raises(ValidationError, match="entirely numeric"):
        validate_password(password, cast["fp-kenya"])


def test_the_password_change_page_refuses_a_numeric_password(client, cast):
    user = cast["fp-kenya"]
    client.force_login(user)
    page = client.post(
        "/accounts/password-change/",
        {"old_password": "focal-demo", "new_password1": "84736291047265", "new_password2": "84736291047265"},
    )
    assert page.status_code == 200 and "entirely numeric" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password("focal-demo")
