"""Background work of the meetings app (thin: the logic is in services)."""

from __future__ import annotations

from django.tasks import task

from irm.meetings import services


@task()
def close_due_items() -> dict[str, int]:
    """Periodic (settings.PERIODIC_TASKS): items close at their set time; waiting speakers get the offer."""
    return services.close_due_items()
