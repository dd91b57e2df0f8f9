from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with a username or an e-mail address (case-insensitive)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ):
        if username is None or password is None:
            return None
        users = get_user_model()._default_manager
        field = "email__iexact" if "@" in username else "username__iexact"
        try:
            user = users.get(**{field: username})
        except users.model.DoesNotExist:
            users.model().set_password(password)  # same cost as a real check: no timing oracle
            return None
        except users.model.MultipleObjectsReturned:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
