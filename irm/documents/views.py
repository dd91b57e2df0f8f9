"""The job page: progress while the worker generates a document, then the file.

Other apps' document views check the user, the parameters and the rate limit, ask
`services.request_document`, and return `answer(request, job)`: the file when it is ready (a cached
content version is ready at once), else a redirect to the job page, which polls its status (htmx) in an
accessible live region and offers the file when it is ready.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from irm.documents import selectors
from irm.documents.models import DocumentJob, JobState


def file_response(job: DocumentJob) -> HttpResponse:
    response = HttpResponse(selectors.job_content(job), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    # Documents may be confidential: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def answer(request: HttpRequest, job: DocumentJob) -> HttpResponse:
    """The file when the job is done, else the page that shows its progress."""
    if job.state == JobState.DONE:
        return file_response(job)
    return redirect("documents:job", job_id=job.pk)


def _job_or_404(request: HttpRequest, job_id: str) -> DocumentJob:
    job = selectors.job_for(request.user, job_id)
    if job is None:
        raise Http404
    return job


@require_GET
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    found = _job_or_404(request, job_id)
    response = render(request, "documents/job.html", {"job": found})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def status(request: HttpRequest, job_id: str) -> HttpResponse:
    """The status fragment the job page polls; once finished it stops polling."""
    found = _job_or_404(request, job_id)
    response = render(request, "documents/_status.html", {"job": found})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def download(request: HttpRequest, job_id: str) -> HttpResponse:
    found = _job_or_404(request, job_id)
    if found.state != JobState.DONE:
        return redirect("documents:job", job_id=found.pk)
    return file_response(found)
