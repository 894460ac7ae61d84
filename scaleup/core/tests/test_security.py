"""Hardening: security headers, production cookies, no open redirects, sanitised rich text.

`manage.py check --deploy` under production settings is in test_settings.py.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scaleup.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitise_html
from scaleup.core.tests.test_settings import production_env
from scaleup.testing.urls import url
from scaleup.testing.users import make_user

# --- headers --------------------------------------------------------------------------------

PUBLIC_PAGES = [
    "news:home",
    "projects:detail",
    "meetings:list",
    "news:list",
    "stakeholders:join",
    "core:accessibility",
    "account_login",
    "account_signup",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_pages_carry_the_security_headers(client: Client, name: str) -> None:
    response = client.get(url(name, "pl"))
    assert response.status_code in {200, 404}  # (the project page needs a project)
    _assert_security_headers(response)


@pytest.mark.django_db
def test_error_pages_and_the_admin_carry_the_security_headers(client: Client) -> None:
    _assert_security_headers(client.get("/pl/no-such-page/"))
    client.force_login(make_user("admin@example.org", superuser=True))
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 200
    _assert_security_headers(admin)


def _assert_security_headers(response: Any) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(
        [*part.split(" ", 1), ""][:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- production mode ------------------------------------------------------------------------

PRODUCTION_SETTINGS = (
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The security settings a production server computes from its environment."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 (our own fixed script)
        [sys.executable, "-c", script],
        env=production_env(Path(tmp_path_factory.mktemp("production"))),
        capture_output=True,
        text=True,
        check=True,
    )
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_production_settings_are_https_only(production: dict[str, Any]) -> None:
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["SESSION_COOKIE_HTTPONLY"]
    assert production["CSRF_COOKIE_SECURE"] and production["CSRF_COOKIE_HTTPONLY"]
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and production["SECURE_HSTS_PRELOAD"]


@pytest.fixture
def in_production(settings: LazySettings, production: dict[str, Any]) -> dict[str, Any]:
    """This test run, switched to the production security settings."""
    for name, value in production.items():
        setattr(settings, name, value)
    return production


@pytest.mark.django_db
def test_production_cookies_are_secure_and_http_only(in_production: dict[str, Any]) -> None:
    client = Client()
    # Plain HTTP is sent to HTTPS before anything else happens.
    plain = client.get(url("account_login"))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")

    page = client.get(url("account_login"), secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]

    # Asking for a sign-in code starts a session: its cookie has the same flags.
    response = client.post(
        url("account_request_login_code"), {"email": "ewa@example.org"}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


# --- no open redirects ----------------------------------------------------------------------

HOSTILE_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\t//evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
]


def _leaves_the_site(location: str) -> bool:
    """Whether a browser following this Location would end up off this site."""
    target = location.lstrip("".join(chr(code) for code in range(33))).replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return True
    if parts.scheme and not parts.netloc:
        return True  # "https:evil.example" is absolute for a browser
    return bool(parts.netloc) and parts.netloc != "testserver"


def test_the_off_site_check_itself() -> None:
    assert all(_leaves_the_site(target) for target in HOSTILE_TARGETS)
    assert not _leaves_the_site("/pl/meetings/")
    assert not _leaves_the_site("http://testserver/pl/")
    assert not _leaves_the_site("/pl/accounts/login/?next=https://evil.example/")


def _assert_stays(response: Any, what: str) -> None:
    location = response.get("Location")
    if location is not None:
        assert not _leaves_the_site(location), f"{what} -> {location}"
    if response.status_code == 200:
        # A "redirecting" page (meta refresh) would be an open redirect too; downloads
        # (streamed files) are read whole.
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b'http-equiv="refresh"' not in content.lower(), what


# Of the admin's own views only these read `next`; its model pages (add, changelist) do not.
ADMIN_VIEWS_WITH_NEXT = {"admin:index", "admin:login", "admin:logout", "admin:password_change"}


def _names_without_arguments() -> Iterator[str]:
    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    for name in dict.fromkeys(walk(get_resolver().url_patterns, "")):
        if name.startswith("admin:") and name not in ADMIN_VIEWS_WITH_NEXT:
            continue
        try:
            with translation.override("pl"):
                reverse(name)
        except NoReverseMatch:
            continue  # needs a record; the flows that redirect with one are tested below
        yield name


NAMES = sorted(_names_without_arguments())


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "site-admin"])
def test_no_url_redirects_off_site_for_a_next_parameter(signed_in: bool) -> None:
    """Every URL that takes no arguments, asked to go to another site by `next` or Referer."""
    assert {"account_login", "set_language", "admin:login"} <= set(NAMES)
    reader = Client(raise_request_exception=False)
    if signed_in:
        reader.force_login(make_user("reader@example.org", superuser=True))
    accounts = itertools.count()
    for name in NAMES:
        path = url(name, "pl")
        for target in HOSTILE_TARGETS[:3]:  # (all of them for the flows below)
            response = reader.get(path, {"next": target}, HTTP_REFERER=target)
            _assert_stays(response, f"GET {path} next={target!r}")
        for target in HOSTILE_TARGETS[:1]:
            writer = Client(raise_request_exception=False)
            if signed_in:
                # A fresh account each time: a POST may sign out or erase the one it uses.
                writer.force_login(make_user(f"writer{next(accounts)}@example.org", superuser=True))
            response = writer.post(path, {"next": target}, HTTP_REFERER=target)
            _assert_stays(response, f"POST {path} next={target!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_set_language_stays_on_the_site(client: Client, target: str) -> None:
    for data, referer in (({"language": "en", "next": target}, None), ({"language": "en"}, target)):
        headers = {"Referer": referer} if referer else {}
        response = client.post("/i18n/setlang/", data, headers=headers)
        assert response.status_code == 302
        assert not _leaves_the_site(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_in_sign_up_and_out_stay_on_the_site(
    client: Client, settings: LazySettings, target: str
) -> None:
    """allauth's flows that honour `next`: code sign-in, sign-up, sign-out."""
    from scaleup.accounts.tests.helpers import last_code

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("jan.kowalski@example.org")
    steps = []
    response = client.post(url("account_request_login_code"), {"email": user.email, "next": target})
    steps.append(response)
    response = client.post(response["Location"], {"code": last_code(user.email), "next": target})
    steps.append(response)
    assert client.session.get("_auth_user_id") == str(user.pk)
    steps.append(client.get(url("account_login"), {"next": target}))
    steps.append(client.post(url("account_logout"), {"next": target}))
    assert "_auth_user_id" not in client.session

    response = client.post(url("account_signup"), {"email": "nowa@example.org", "next": target})
    steps.append(response)
    if response.status_code == 302 and "code" in response["Location"]:
        steps.append(
            client.post(
                response["Location"], {"code": last_code("nowa@example.org"), "next": target}
            )
        )
    for step in steps:
        assert step.status_code in {200, 302}, step
        _assert_stays(step, target)


@pytest.mark.django_db
def test_the_admin_sign_in_stays_on_the_site(client: Client) -> None:
    for target in HOSTILE_TARGETS:
        response = client.get(reverse("admin:login"), {"next": target})
        _assert_stays(response, target)
    client.force_login(make_user("admin@example.org", superuser=True))
    for target in HOSTILE_TARGETS:
        _assert_stays(client.get(reverse("admin:login"), {"next": target}), target)


# --- rich text ------------------------------------------------------------------------------

HOSTILE_HTML = [
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)><p>x</p></svg>",
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<style>body{display:none}</style><p style='color:red'>x</p>",
    '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"><input name="q"></form>',
    "<p><scr<script>ipt>alert(1)</script></p>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<a href="https://example.org/" target="_blank" onclick="x()">ok</a>',
    "<!--<script>alert(1)</script>-->",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
]


class _Collector(HTMLParser):
    """Every tag, attribute and URL in a fragment, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_harmless(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"rel"}
        for name, value in attrs:
            assert name in allowed, (tag, name, html)
            assert not name.startswith("on"), html
            if name == "href":
                scheme = urlsplit((value or "").strip()).scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, html


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_sanitiser_strips_scripts_handlers_and_unsafe_urls(hostile: str) -> None:
    cleaned = sanitise_html(hostile)
    _assert_harmless(cleaned)
    lowered = cleaned.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered


def test_sanitiser_keeps_links_safe_to_open() -> None:
    cleaned = sanitise_html('<a href="https://example.org/" target="_blank">ok</a>')
    assert 'href="https://example.org/"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


_FRAGMENTS = st.sampled_from(
    [*HOSTILE_HTML, "<p>", "</p>", "<a href='", "'>", '"', "<", ">", "&", "&#", "javascript:",
     " on", "error=", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "\x00", "\n"]
)  # fmt: skip


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=12).map("".join))
def test_sanitised_html_never_carries_active_content(text: str) -> None:
    cleaned = sanitise_html(text)
    _assert_harmless(cleaned)
    assert sanitise_html(cleaned) == cleaned or "<" not in cleaned  # stable once cleaned


@pytest.mark.django_db
def test_a_hostile_post_renders_harmless(client: Client) -> None:
    """End to end: what the back office stores is what the page shows, and it is inert."""
    from scaleup.news import services
    from scaleup.news.tests.factories import PostFactory

    admin = make_user("editor@example.org", superuser=True)
    post = PostFactory.build(body_pl="".join(HOSTILE_HTML), body_en="".join(HOSTILE_HTML))
    services.save_post(post=post, actor=admin)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index('id="main"') :]
    for marker in ("onerror", "onload", "onclick", "javascript:", "vbscript:", "<iframe", "<svg"):
        assert marker not in body.lower(), marker
