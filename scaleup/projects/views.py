from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from scaleup.projects.selectors import current_project, measure_tree


def project_detail(request: HttpRequest) -> HttpResponse:
    project = current_project()
    if project is None:
        raise Http404
    instruments = []
    for partner in project.partners.all():
        instrument = partner.policy_instrument
        if instrument is None:
            continue
        chain = [instrument]
        successor = getattr(instrument, "successor", None)
        if successor is not None:
            chain.append(successor)
        instruments.append({"partner": partner, "chain": [(i, measure_tree(i)) for i in chain]})
    return render(
        request, "projects/project_detail.html", {"project": project, "instruments": instruments}
    )
