from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def accessibility_declaration(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)
