from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from irm.accounts.roles import primary_role


def site(request: HttpRequest) -> dict:
    return {
        "is_rtl": translation.get_language_bidi(),
        "user_role": primary_role(getattr(request, "user", None)),
    }
