"""Only the secretariat browses the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from irm.accounts.roles import is_secretariat
from irm.core.models import AuditEvent


def visible_to(user: Any) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all() if is_secretariat(user) else AuditEvent.objects.none()


def can_browse_audit(user: Any) -> bool:
    return is_secretariat(user)
