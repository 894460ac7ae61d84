from django.http import HttpRequest, HttpResponse
from django.views.defaults import page_not_found as default_404


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return default_404(request, exception)
