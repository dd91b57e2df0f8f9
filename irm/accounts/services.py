"""Changes to a user's own account: language preference, TOTP two-factor authentication and its
recovery codes.

Each write runs in one transaction with its audit event. The TOTP secret and the recovery codes
are never put in an audit event; the secret is stored encrypted (irm.accounts.totp), recovery codes
only as an HMAC. A TOTP code is accepted once, wherever it is given (second step, turning two-factor
on or off): the step of the last accepted code is kept on the user and only later steps pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, identify_hasher, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext as _

from irm.accounts import totp
from irm.accounts.models import STATE_ROLES, Membership, RecoveryCode, Role, User
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput
from irm.parties.models import State

TOTP_ISSUER = "IRM"


def new_totp_secret() -> str:
    return totp.new_secret()


def totp_uri(*, user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


def totp_qr_svg(uri: str) -> str:
    """The QR code of `uri` as an inline SVG element (no file, no external request)."""
    return str(segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff"))


def totp_code_matches(*, secret: str, code: str) -> bool:
    """True when `code` is the current code of `secret` (or the one just before/after, for clock drift).
    Checks the code only: `accept_totp_code` is what spends it."""
    return totp.matching_step(secret=secret, code=code) is not None


def _wrong_code() -> InvalidInput:
    return InvalidInput(_("That code is not right. Check the time on your device and try again."))


def _spend_code(user: User, code: str) -> bool:
    """On a locked user row: accept `code` if it is a code later than the last one accepted."""
    step = totp.matching_step(
        secret=totp.decrypt_secret(user.totp_secret), code=code, after=user.totp_last_counter
    )
    if step is None:
        return False
    user.totp_last_counter = step
    user.save(update_fields=["totp_last_counter"])
    return True


@transaction.atomic
def accept_totp_code(*, user: User, code: str) -> bool:
    """True, and the code is spent, when `code` is a current code of the user's authenticator that
    was never accepted before (a replayed code is refused)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    return locked.totp_enabled and _spend_code(locked, code)


@transaction.atomic
def enable_totp(*, actor: Any, user: User, secret: str, code: str) -> User:
    """Turn on TOTP for `user` once they proved their authenticator shows the right code."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_enabled:
        raise Conflict(_("Two-factor authentication is already turned on."), code="totp_enabled")
    step = totp.matching_step(secret=secret, code=code)
    if step is None:
        raise _wrong_code()
    user.totp_secret = totp.encrypt_secret(secret)
    user.totp_enabled = True
    user.totp_last_counter = step  # the code that turned it on cannot log in afterwards
    user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_counter"])
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
    """Turn off TOTP; the user must give a current code not used before."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.totp_enabled:
        raise Conflict(_("Two-factor authentication is not turned on."), code="totp_disabled")
    if not _spend_code(user, code):
        raise _wrong_code()
    user.totp_secret = ""
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    RecoveryCode.objects.filter(user=user).delete()
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


# --- recovery codes --------------------------------------------------------------------------

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _recovery_digest(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return salted_hmac("irm.accounts.recovery-code", normal, algorithm="sha256").hexdigest()


@transaction.atomic
def issue_recovery_codes(*, actor: Any, user: User) -> list[str]:
    """Ten new one-time codes (the old ones stop working). Shown once; only their HMAC is kept."""
    if not User.objects.filter(pk=user.pk, totp_enabled=True).exists():
        raise Conflict(_("Turn on two-factor authentication first."), code="totp_disabled")
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        raw = get_random_string(10, RECOVERY_ALPHABET)
        code = f"{raw[:5]}-{raw[5:]}"
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, digest=_recovery_digest(c)) for c in codes])
    record_event(
        actor=actor, action="accounts.recovery_codes_issued", obj=user, after={"codes": RECOVERY_CODES}
    )
    return codes


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def use_recovery_code(*, user: User, code: str) -> bool:
    """True (and the code is spent) when `code` is one of the user's unused recovery codes."""
    if not user.totp_enabled or not code.strip():
        return False
    match = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, digest=_recovery_digest(code), used_at__isnull=True)
        .first()
    )
    if match is None:
        return False
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    record_event(
        actor=user,
        action="accounts.recovery_code_used",
        obj=user,
        after={"left": recovery_codes_left(user)},
    )
    return True


# --- people in bulk (the demo loader, imports) ----------------------------------------------------

#: Users a single call may create.
MAX_NEW_USERS = 1000


@dataclass(frozen=True)
class NewMembership:
    role: str
    state: State | None = None
    organization: str = ""


@dataclass(frozen=True)
class NewUser:
    """A person to create. `password_hash` is a hash prepared earlier (e.g. stored with demo data, so
    loading it costs no key stretching); it is used only when one of the configured hashers made it,
    otherwise the password is hashed here."""

    username: str
    password: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_staff: bool = False
    password_hash: str = ""
    memberships: Sequence[NewMembership] = ()
    #: A TOTP secret to turn two-factor authentication on with (the demo secretariat's fixed one).
    totp_secret: str = ""


def _usable_hash(encoded: str) -> bool:
    if not encoded:
        return False
    try:
        hasher = identify_hasher(encoded)
    except ValueError:
        return False
    return any(hasher.algorithm == h.algorithm for h in get_hashers())


def _check_new_user(person: NewUser) -> None:
    if not person.username or len(person.username) > 150:
        raise InvalidInput(_("A username has 1 to 150 characters."), details={"username": person.username})
    for membership in person.memberships:
        if membership.role not in Role.values:
            raise InvalidInput(
                _("Unknown role %(role)s.") % {"role": membership.role}, details={"username": person.username}
            )
        if membership.role in STATE_ROLES and membership.state is None:
            raise InvalidInput(
                _("This role acts for a State: name the State."), details={"username": person.username}
            )


@transaction.atomic
def create_users(*, actor: Any, people: Sequence[NewUser]) -> list[User]:
    """Create users with their memberships in one go; a username that exists is left as it is
    (its memberships are added if missing). Returns the users created. One audit event."""
    if len(people) > MAX_NEW_USERS:
        raise InvalidInput(_("At most %(n)s users at a time.") % {"n": MAX_NEW_USERS})
    for person in people:
        _check_new_user(person)
    existing = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    new = [
        User(
            username=p.username,
            email=p.email,
            first_name=p.first_name,
            last_name=p.last_name,
            is_staff=p.is_staff,
            password=p.password_hash if _usable_hash(p.password_hash) else make_password(p.password),
            totp_secret=totp.encrypt_secret(p.totp_secret),
            totp_enabled=bool(p.totp_secret),
        )
        for p in people
        if p.username not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    have = {
        (m.user_id, m.role, m.state_id, m.organization)
        for m in Membership.objects.filter(user__in=users.values())
    }
    memberships = []
    for person in people:
        user = users[person.username]
        for m in person.memberships:
            organization = "" if m.state is not None else m.organization
            key = (user.pk, m.role, m.state.pk if m.state else None, organization)
            if key not in have:
                have.add(key)
                memberships.append(
                    Membership(user=user, role=m.role, state=m.state, organization=organization)
                )
    Membership.objects.bulk_create(memberships)
    if new or memberships:
        record_event(
            actor=actor,
            action="accounts.users_created",
            object_type="accounts.user",
            after={"users": sorted(u.username for u in new), "memberships": len(memberships)},
        )
    return [users[u.username] for u in new]


# --- login locks (django-axes) ---------------------------------------------------------------------


@transaction.atomic
def unlock_login(*, actor: Any, username: str) -> int:
    """Lift the lock on an account after too many wrong passwords; returns the failures cleared."""
    from axes.utils import reset

    name = username.strip().lower()
    user = User.objects.filter(username__iexact=name).first()
    if user is None:
        raise InvalidInput(_("No user is called %(name)s.") % {"name": username})
    cleared = int(reset(username=name))
    record_event(actor=actor, action="accounts.login_unlocked", obj=user, after={"failures_cleared": cleared})
    return cleared
