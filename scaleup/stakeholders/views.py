from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scaleup.core.ratelimit import rate_limited
from scaleup.stakeholders import services
from scaleup.stakeholders.forms import JoinForm
from scaleup.stakeholders.selectors import groups_accepting_applications


@rate_limited("join")
def join(request: HttpRequest) -> HttpResponse:
    if not groups_accepting_applications().exists():
        return render(request, "stakeholders/join.html", {"form": None})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("consent")
        try:
            services.submit_application(**data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("stakeholders:thanks")
    return render(request, "stakeholders/join.html", {"form": form})


def join_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "stakeholders/join_thanks.html")
