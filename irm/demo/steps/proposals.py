"""proposals.yaml → irm.analytics services: the secretariat's proposals for the next phase."""

from __future__ import annotations

from irm.analytics import services
from irm.core.exceptions import DomainError
from irm.demo.loader import Context, DemoDataError, Node


def load(context: Context, data: Node) -> str:
    secretariat = context.user("secretariat")
    made = 0
    for row in data.rows("proposals"):
        settings = row.node("settings")
        try:
            services.create_proposal(
                actor=secretariat,
                name=row.text("name", max_length=200),
                description=row.text("description", blank=True, max_length=4000),
                config=dict(settings.value),
            )
        except DomainError as exc:
            raise DemoDataError(f"{row.file}: {row.path}: {exc.message}") from exc
        made += 1
    return f"{made} proposals for the next phase"
