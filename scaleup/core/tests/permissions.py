"""Permission-matrix rows for core's pages and the project-level URLs."""

from __future__ import annotations

from scaleup.access.tests.matrix import REDIRECT, Row, everyone

ROWS = [
    Row("healthz", get=everyone(200), notes="for load balancers; says only whether the DB answers"),
    Row("core:accessibility", get=everyone(200)),
    Row("set_language", post=everyone(REDIRECT), data=lambda w: {"language": "en", "next": "/en/"}),
    Row(
        "media",
        get=everyone(404),
        kwargs=lambda w: {"path": "meetings/none.jpg"},
        notes="media files are public (photos); a missing file is a 404",
    ),
]
