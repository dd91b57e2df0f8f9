"""Document jobs on the API: a document endpoint answers 202 with the job's address while the worker
generates it (or 200 with the file when that content version is ready); the job tells its state and
progress, and its file is fetched once it is done.
"""

from __future__ import annotations

from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from irm.core.api_schemas import ErrorOut
from irm.core.exceptions import Conflict, NotFound
from irm.documents import selectors
from irm.documents.models import DocumentJob, JobState
from irm.documents.views import file_response

router = Router()


class JobOut(Schema):
    id: str
    title: str
    state: str
    progress: int
    message: str
    filename: str
    size: int
    url: str
    file_url: str | None
    page_url: str
    created_at: datetime
    finished_at: datetime | None


def job_out(job: DocumentJob) -> dict:
    return {
        "id": str(job.pk),
        "title": job.title,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "filename": job.filename,
        "size": job.size,
        "url": reverse("api:document_job", kwargs={"job_id": job.pk}),
        "file_url": reverse("api:document_job_file", kwargs={"job_id": job.pk})
        if job.state == JobState.DONE
        else None,
        "page_url": reverse("documents:job", kwargs={"job_id": job.pk}),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def job_answer(request: HttpRequest, job: DocumentJob) -> HttpResponse:
    """For an app's document endpoint: 200 with the file when ready, else 202 with the job (and Location)."""
    if job.state == JobState.DONE:
        return file_response(job)
    response = JsonResponse(job_out(job), status=202, encoder=DjangoJSONEncoder)
    response["Location"] = reverse("api:document_job", kwargs={"job_id": job.pk})
    return response


def _job(request: HttpRequest, job_id: str) -> DocumentJob:
    job = selectors.job_for(request.user, job_id)
    if job is None:
        raise NotFound("No such document job.")
    return job


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut}, url_name="document_job")
def document_job(request: HttpRequest, job_id: str):
    """A document being generated: state (pending, running, done, failed), progress in per cent, and the
    file's address once done (`message` says why, when it failed)."""
    return Status(200, job_out(_job(request, job_id)))


@router.get(
    "/jobs/{job_id}/file", response={200: None, 404: ErrorOut, 409: ErrorOut}, url_name="document_job_file"
)
def document_job_file(request: HttpRequest, job_id: str):
    """The generated file; 409 while the job is not done."""
    job = _job(request, job_id)
    if job.state != JobState.DONE:
        raise Conflict("The document is not ready yet: ask the job for its state.", code="not_ready")
    return file_response(job)
