from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from scaleup.projects.selectors import addressed_instruments, current_project


def project_detail(request: HttpRequest) -> HttpResponse:
    project = current_project()
    if project is None:
        raise Http404
    return render(
        request,
        "projects/project_detail.html",
        {"project": project, "instruments": addressed_instruments(project)},
    )
