"""Changes to a user's own account: language preference and TOTP two-factor authentication.

Each write runs in one transaction with its audit event. The TOTP secret itself is never put in
an audit event.
"""

from __future__ import annotations

from typing import Any

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from irm.accounts.models import User
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput

TOTP_ISSUER = "IRM"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(*, user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


def totp_qr_svg(uri: str) -> str:
    """The QR code of `uri` as an inline SVG element (no file, no external request)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def totp_code_matches(*, secret: str, code: str) -> bool:
    """True when `code` is the current code (or the one just before/after, for clock drift)."""
    code = _clean(code)
    if not secret or len(code) != 6:
        return False
    return pyotp.TOTP(secret).verify(code, valid_window=1)


@transaction.atomic
def enable_totp(*, actor: Any, user: User, secret: str, code: str) -> User:
    """Turn on TOTP for `user` once they proved their authenticator shows the right code."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_enabled:
        raise Conflict(_("Two-factor authentication is already turned on."), code="totp_enabled")
    if not totp_code_matches(secret=secret, code=code):
        raise InvalidInput(_("That code is not right. Check the time on your device and try again."))
    user.totp_secret = secret
    user.totp_enabled = True
    user.save(update_fields=["totp_secret", "totp_enabled"])
    record_event(
        actor=actor,
        action="accounts.totp_enabled",
        obj=user,
        before={"totp_enabled": False},
        after={"totp_enabled": True},
    )
    return user


@transaction.atomic
def disable_totp(*, actor: Any, user: User, code: str) -> User:
    """Turn off TOTP; the user must give a current code."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.totp_enabled:
        raise Conflict(_("Two-factor authentication is not turned on."), code="totp_disabled")
    if not totp_code_matches(secret=user.totp_secret, code=code):
        raise InvalidInput(_("That code is not right. Check the time on your device and try again."))
    user.totp_secret = ""
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    record_event(
        actor=actor,
        action="accounts.totp_disabled",
        obj=user,
        before={"totp_enabled": True},
        after={"totp_enabled": False},
    )
    return user


@transaction.atomic
def set_preferred_language(*, actor: Any, user: User, language: str) -> User:
    """Remember the language the pages open in after the user logs in ('' = the browser's)."""
    if language and language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language."))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.preferred_language
    if before == language:
        return user
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    record_event(
        actor=actor,
        action="accounts.language_set",
        obj=user,
        before={"preferred_language": before},
        after={"preferred_language": language},
    )
    return user
