"""Who may use the signed-in search: anyone signed in. What each result may show is decided by the
permission functions of the app that owns it (irm.sitesearch.selectors asks them)."""

from __future__ import annotations

from typing import Any

from irm.accounts.roles import is_public


def can_search(user: Any) -> bool:
    return not is_public(user)
