"""Every workspace view is guarded by the permission decorator, and has a matrix row."""

from __future__ import annotations

from django.urls import URLPattern

from scaleup.access.roles import ALL_PERMISSIONS
from scaleup.workspace import urls
from scaleup.workspace.tests.permissions import ROWS


def test_every_view_declares_its_permission():
    unguarded = [
        pattern.name
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern)
        and getattr(pattern.callback, "permission", None) not in ALL_PERMISSIONS
    ]
    assert not unguarded


def test_every_url_name_has_a_matrix_row():
    names = {
        f"workspace:{pattern.name}"
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern)
    }
    assert names == {row.url_name for row in ROWS}
