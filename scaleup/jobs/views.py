"""A person's jobs: the list, one job's progress (polled by htmx while it runs; a plain
link refreshes it without JavaScript), its file, and starting it again or deleting it."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from scaleup.core.htmx import is_htmx
from scaleup.jobs import selectors, services
from scaleup.jobs.models import Job

PER_PAGE = 25


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    """The signed-in person's job; anyone else's is not found (not even confirmed)."""
    return get_object_or_404(Job, pk=job_id, owner=request.user)


@login_required
@never_cache
@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.jobs_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@login_required
@never_cache
@require_safe
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    template = "jobs/_status.html" if is_htmx(request) else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
@never_cache
@require_safe
def job_download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    if not selectors.may_download(job, request.user):
        raise Http404
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    try:
        services.retry_job(job=job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except LookupError:
        messages.error(request, _("This kind of job no longer exists."))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_POST
def job_delete(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    title = job.title
    services.delete_job(job=job, actor=request.user)
    messages.success(request, _("%(title)s is deleted.") % {"title": title})
    return redirect("jobs:list")
