"""The public open-data page (namespace `opendata`, under /<lang>/open-data/): each dataset
with its data dictionary and a CSV download, and the closed workshops in Pol.is's layout.
Everything here is public and holds no personal data (see `datasets`)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from scaleup.core.ratelimit import rate_limited
from scaleup.core.spreadsheets import defuse_formula
from scaleup.dialogue.polis import POLIS_FILES
from scaleup.opendata import datasets, workshop_files


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _lines(dataset: datasets.Dataset) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(dataset.header)
    for row in dataset.rows():
        yield writer.writerow(
            [defuse_formula(value) if isinstance(value, str) else value for value in row]
        )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets.DATASETS,
            "workshops": datasets.published_workshops(),
            "polis_files": POLIS_FILES,
            "licence": datasets.LICENCE,
            "licence_url": datasets.LICENCE_URL,
        },
    )


@require_safe
def download(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    dataset = datasets.DATASET_BY_SLUG.get(slug)
    if dataset is None:
        raise Http404
    response = StreamingHttpResponse(_lines(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response


@require_safe
@rate_limited("open_data_workshop", methods=("GET", "HEAD"))
def workshop_file(request: HttpRequest, slug: str, file: str) -> FileResponse:
    if f"{file}.csv" not in POLIS_FILES:
        raise Http404
    conversation = get_object_or_404(datasets.published_workshops(), slug=slug)
    try:
        handle = (workshop_files.folder_of(conversation) / f"{file}.csv").open("rb")
    except FileNotFoundError:
        # The version was replaced by a newer one between finding and opening it.
        handle = (workshop_files.folder_of(conversation) / f"{file}.csv").open("rb")
    return FileResponse(
        handle, as_attachment=True, filename=f"{slug}-{file}.csv", content_type="text/csv"
    )
