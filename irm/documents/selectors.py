"""Reads of the document jobs: a job the user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from irm.documents import registry
from irm.documents.models import DocumentJob


def job_for(user: Any, job_id: Any) -> DocumentJob | None:
    """The job, if its kind says this user may read it (the same check as the page that offered it)."""
    try:
        job = DocumentJob.objects.defer("content").filter(pk=job_id).first()
    except ValidationError:
        return None
    if job is None:
        return None
    kind = registry.get(job.kind)
    if kind is None or not kind.allowed(user, job.params):
        return None
    return job


def job_content(job: DocumentJob) -> bytes:
    content = DocumentJob.objects.filter(pk=job.pk).values_list("content", flat=True).first()
    return bytes(content or b"")
