"""Background work of the documents app (thin: the logic is in services)."""

from __future__ import annotations

from django.tasks import task

from irm.documents import services


@task()
def generate_document(job_id: str) -> str:
    """Build one document job's file; idempotent (a job already taken is skipped)."""
    return services.run_document_job(job_id=job_id)


@task()
def remove_old_jobs() -> int:
    """Periodic (settings.PERIODIC_TASKS): finished jobs are a cache, kept IRM_DOCUMENT_JOBS_KEEP_DAYS."""
    return services.remove_old_jobs()
