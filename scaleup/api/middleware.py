"""Refusals that happen before the API's own views (an unknown address, a method a
resource does not take) answered as problem details like the rest of the API."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from scaleup.api import problems


def problem_details(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not problems.is_api_request(request) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith(problems.PROBLEM_CONTENT_TYPE):
            return response
        if response.status_code == 405:
            return problems.method_not_allowed(response.get("Allow", ""))
        return problems.not_found()

    return middleware
