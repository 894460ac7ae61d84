"""Every URL of the URL conf, requested as every role: the outcome the matrix expects.

Rows come from `scaleup/<app>/tests/permissions.py`; Django admin's rows are generated from
its registry (only site administrators get in). A URL name with no row fails
`test_every_url_name_has_a_row`, so a new page cannot ship without a decision on who may
use it.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import LazySettings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from scaleup.access.tests.matrix import LOGIN, REDIRECT, Outcome, Row
from scaleup.api.tests.factories import bearer
from scaleup.testing.world import ROLES, World


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}{pattern.name}"
            else:
                yield f"{namespace}<unnamed {pattern.pattern}>"


def url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def app_rows() -> list[Row]:
    rows: list[Row] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("scaleup."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permissions")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


NOT_ADMIN: dict[str, Outcome] = {role: LOGIN for role in ROLES if role != "site_admin"}
# Signed-in people without the site-administrator role are refused outright (403) by the
# admin's sign-in guard; anonymous visitors are sent to sign in.
SIGNED_IN_NOT_ADMIN: dict[str, Outcome] = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN}


def admin_rows() -> list[Row]:
    rows = []
    for name in sorted(n for n in url_names() if n.startswith("admin:")):
        short = name.removeprefix("admin:")
        if short in {"login"}:
            expected: dict[str, Outcome] = {**SIGNED_IN_NOT_ADMIN, "site_admin": REDIRECT}
            rows.append(Row(name, get=expected))
        elif short.startswith("<unnamed"):
            rows.append(
                Row(name, get={**NOT_ADMIN, "site_admin": 404}, path="/admin/no-such-page/")
            )
        elif short == "logout":
            # The admin's logout sends people without admin rights back to the admin index.
            rows.append(Row(name, post={**dict.fromkeys(ROLES, REDIRECT), "site_admin": 200}))
        else:
            rows.append(Row(name, get={**NOT_ADMIN, "site_admin": "admin"}, notes="generated"))
    return rows


def all_rows() -> list[Row]:
    return app_rows() + admin_rows()


def test_every_url_name_has_a_row() -> None:
    covered = {row.url_name for row in all_rows()}
    missing = sorted(url_names() - covered)
    assert not missing, f"URL names without a row in a tests/permissions.py: {missing}"


def test_no_row_names_an_unknown_url() -> None:
    unknown = sorted({row.url_name for row in app_rows()} - url_names())
    assert not unknown, f"rows for URL names that do not exist: {unknown}"


def _login_paths() -> set[str]:
    paths = set()
    for language in ("pl", "en"):
        with translation.override(language):
            paths.add(reverse("account_login"))
    paths.add(reverse("admin:login"))
    return paths


def _outcome(response: Any, login_paths: set[str]) -> Outcome:
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        return LOGIN if path in login_paths else REDIRECT
    return int(response.status_code)


def _admin_args(world: World, name: str) -> dict[str, Any]:
    """Arguments for a generated admin URL: an existing object of its model, if any."""
    pattern_kwargs: dict[str, Any] = {}
    short = name.removeprefix("admin:")
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(prefix):
            obj = model._default_manager.order_by("pk").first()
            action = short.removeprefix(prefix)
            if action in {"change", "delete", "history"}:
                pattern_kwargs["object_id"] = str(obj.pk) if obj else "1"
            elif action == "password_change":
                pattern_kwargs["id"] = str(obj.pk) if obj else "1"
            return pattern_kwargs
    if short == "app_list":
        return {"app_label": "core"}
    if short == "view_on_site":
        meeting = world.lubelskie.meeting
        content_type = ContentType.objects.get_for_model(meeting)
        return {"content_type_id": content_type.pk, "object_id": str(meeting.pk)}
    return pattern_kwargs


def _api_request(client: Client, method: str, url: str, user: Any, data: dict[str, Any]) -> Any:
    """As an API client: the role's token (none for anonymous), a JSON body for changes."""
    headers = bearer(user)
    if method in ("POST", "PATCH"):
        return getattr(client, method.lower())(
            url, data=json.dumps(data), content_type="application/json", **headers
        )
    return getattr(client, method.lower())(url, **headers)


def _cases() -> list[Any]:
    cases = []
    for index, row in enumerate(all_rows()):
        for method in row.methods:
            label = f"{row.url_name}-{method}" + (f"-{row.variant}" if row.variant else "")
            cases.append(pytest.param(index, method, id=label))
    return cases


@pytest.fixture
def _no_rate_limits(settings: LazySettings) -> None:
    settings.RATE_LIMITS = {scope: "100000/1" for scope in settings.RATE_LIMITS}
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.parametrize(("index", "method"), _cases())
@pytest.mark.usefixtures("_no_rate_limits")
def test_matrix(world: World, index: int, method: str) -> None:
    row = all_rows()[index]
    if row.path:
        kwargs = {}
    elif row.url_name.startswith("admin:") and row.notes == "generated":
        kwargs = _admin_args(world, row.url_name)
    else:
        kwargs = row.kwargs(world)
    query = row.query(world) if callable(row.query) else row.query
    with translation.override("pl"):
        url = (row.path or reverse(row.url_name, kwargs=kwargs)) + query
    login_paths = _login_paths()
    mismatches = []
    for role in ROLES:
        client = Client()
        user = world.user(role)
        savepoint = transaction.savepoint()
        try:
            if row.api:
                response = _api_request(client, method, url, user, row.data(world))
            else:
                if user is not None:
                    client.force_login(user)
                data = row.data(world) if method == "POST" else None
                response = client.post(url, data) if method == "POST" else client.get(url)
        finally:
            transaction.savepoint_rollback(savepoint)
        actual = _outcome(response, login_paths)
        expected = row.methods[method][role]
        # Inside the admin, the site administrator meets the admin's own rules (an add form
        # may be refused); the matrix only proves that nobody else gets in.
        ok = actual in {200, 403, REDIRECT} if expected == "admin" else actual == expected
        if not ok:
            mismatches.append(f"{role}: expected {expected}, got {actual}")
    assert not mismatches, f"{method} {url}\n" + "\n".join(mismatches)
