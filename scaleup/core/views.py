from __future__ import annotations

import sys
from tempfile import gettempdir

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from scaleup.core.storage import is_storage_full, log_refusal
from scaleup.core.uploads import not_stored_response, release_upload_files

#: Seconds a client is asked to wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5


def accessibility_declaration(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def serve_media(request: HttpRequest, path: str) -> FileResponse | HttpResponse:
    """Uploaded photos, for a server without a web server in front (`SCALEUP_SERVE_MEDIA`)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 while the database is unreachable (a restart, a failover): a friendly
    page that needs no database, and Retry-After so that clients and balancers come back.

    507 when the disk was full while an upload was read (FILE_UPLOAD_TEMP_DIR): no form
    can show that error, the request never reached its view, so nothing was saved."""
    error = sys.exc_info()[1]
    uploading = request.method == "POST" and request.content_type == "multipart/form-data"
    if uploading and isinstance(error, OSError) and is_storage_full(error):
        release_upload_files(request)
        log_refusal(error, what="Upload", folder=settings.FILE_UPLOAD_TEMP_DIR or gettempdir())
        return not_stored_response()
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 while this process can reach the database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
