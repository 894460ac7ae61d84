from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.static import serve


def accessibility_declaration(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def serve_media(request: HttpRequest, path: str) -> FileResponse | HttpResponse:
    """Uploaded photos, for a server without a web server in front (`SCALEUP_SERVE_MEDIA`)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
