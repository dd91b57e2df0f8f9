"""Who may browse the audit trail: the secretariat only.

The audit trail itself lives in `irm.core` (the bottom layer, which knows no roles); the question of
who may read it needs `irm.accounts`, so it is asked here, above both.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.roles import is_secretariat
from irm.core.models import AuditEvent


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all() if is_secretariat(user) else AuditEvent.objects.none()


def can_browse_audit(user: Any) -> bool:
    return is_secretariat(user)
