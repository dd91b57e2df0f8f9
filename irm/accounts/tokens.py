"""API tokens: create, list, revoke, expire, and authenticate a request by its bearer token.

Only a token's hash is stored. A token gives no more than its user's session would: it works only
while the user is active, and a user who must use two-factor authentication gets (and keeps using)
tokens only once it is on. Tokens expire `settings.IRM_TOKEN_DAYS` days after they are made, and
all of a user's tokens are revoked when the password changes or is reset.

Reading with a token never writes on every call: the last use is recorded at most hourly, after the
response is built (outside the request's work), and a failure to record it is logged, never raised.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.accounts.models import ApiToken, User
from irm.accounts.roles import requires_totp
from irm.core.audit import record_event
from irm.core.exceptions import Conflict

log = logging.getLogger(__name__)
#: The last use of a token is written at most this often.
LAST_USE_EVERY = timedelta(hours=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _needs_second_factor(user: User) -> bool:
    return requires_totp(user) and not user.totp_enabled


@transaction.atomic
def create_api_token(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the clear key is returned once and never stored."""
    if _needs_second_factor(user):
        raise Conflict(
            _("Turn on two-factor authentication first: this account needs it before it gets API tokens."),
            code="totp_required",
        )
    key = "irm_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=settings.IRM_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[:8], key_hash=_hash(key), expires_at=expires_at
    )
    record_event(
        actor=actor,
        action="accounts.api_token_created",
        obj=token,
        after={"user": user.username, "name": token.name, "expires_at": expires_at},
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: Any, token: ApiToken) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="accounts.api_token_revoked", obj=token)


@transaction.atomic
def revoke_user_tokens(*, actor: Any, user: User, reason: str) -> int:
    """Revoke every live token of `user` (their password changed or was reset)."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        record_event(
            actor=actor, action="accounts.api_tokens_revoked", obj=user, after={"count": count}, reason=reason
        )
    return count


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (the profile page lists them)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_of(user: User, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def live_token(key: str) -> ApiToken | None:
    """The token `key` names, if it is neither revoked nor expired and its user may use it now."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=_hash(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if token is None or _needs_second_factor(token.user):
        return None
    return token


def user_for_token(key: str) -> User | None:
    token = live_token(key)
    return token.user if token else None


def note_use(token: ApiToken) -> None:
    """Record that the token was used, at most hourly; never raises (a read must not fail for it)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_EVERY:
        return
    try:
        ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gte=now - LAST_USE_EVERY).update(
            last_used_at=now
        )
    except DatabaseError:
        log.warning("could not record the last use of API token %s", token.prefix, exc_info=True)
