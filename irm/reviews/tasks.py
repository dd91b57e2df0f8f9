"""Background work of the reviews app (thin: the logic is in services)."""

from __future__ import annotations

from django.tasks import task

from irm.reviews import services


@task()
def send_reminders() -> dict[str, int]:
    """Periodic (settings.PERIODIC_TASKS): reminders before and after due dates, each sent once."""
    return services.send_due_reminders()
