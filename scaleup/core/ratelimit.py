"""Rate limits for the public forms (join, meeting registration, invitation codes).

A fixed window per scope and client address, counted in Django's cache: cheap, and shared
by every worker process when the cache is (Redis in production). allauth limits its own
views (sign-in, login codes, signup) with `ACCOUNT_RATE_LIMITS`; this module covers ours.
Rates come from `settings.RATE_LIMITS` as "count/seconds"; a scope missing there, or set
to an empty string, is not limited.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.template import Template

from scaleup.core.htmx import is_htmx

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.http.response import HttpResponseBase

View = TypeVar("View", bound=Callable[..., "HttpResponseBase"])

# IPv6 clients usually hold a whole /64: counting single addresses would let one client
# rotate through millions of them (allauth counts the same way).
IPV6_PREFIX = 64


@functools.cache
def _fragment_layout() -> Template:
    """For htmx, which swaps the 429 page's content into the form's place: no site frame."""
    return Template("{% block content %}{% endblock %}")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """ "10/3600" -> Rate(10, 3600); anything else is a configuration error, found at once."""
    try:
        count_text, seconds_text = text.split("/")
        rate = Rate(int(count_text), int(seconds_text))
    except ValueError:
        raise ImproperlyConfigured(f"A rate limit is 'count/seconds', not {text!r}.") from None
    if rate.count < 1 or rate.seconds < 1:
        raise ImproperlyConfigured(f"A rate limit needs a positive count and window: {text!r}.")
    return rate


def rate_for(scope: str) -> Rate | None:
    text = getattr(settings, "RATE_LIMITS", {}).get(scope)
    return parse_rate(text) if text else None


def client_address(request: HttpRequest) -> str:
    """The address to count: the peer, or behind our proxy the entry the proxy appended.

    Only the rightmost X-Forwarded-For entry is trustworthy: everything left of it was sent
    by the client and can be anything. Without a proxy the header is ignored entirely.
    """
    address = str(request.META.get("REMOTE_ADDR") or "")
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            address = entries[-1]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)


def _cache_key(scope: str, address: str, window: int) -> str:
    # Hashed: no raw addresses in the cache, and any header value makes a valid key.
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


def hit(scope: str, request: HttpRequest) -> int | None:
    """Count one attempt; the seconds to wait if it is over the limit, else None."""
    rate = rate_for(scope)
    if rate is None:
        return None
    now = time.time()
    window = int(now // rate.seconds)
    key = _cache_key(scope, client_address(request), window)
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def too_many_requests(request: HttpRequest, retry_after: int | None = None) -> HttpResponse:
    """The translated 429 page (only its content for an htmx request), with Retry-After."""
    htmx = is_htmx(request)
    context: dict[str, Any] = {
        "layout": _fragment_layout() if htmx else "base.html",
        "fragment": htmx,
        "retry_after_minutes": math.ceil(retry_after / 60) if retry_after else None,
    }
    response = render(request, "429.html", context, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    if htmx:
        # Keep the form's container (and its id) and put the message inside it.
        response["HX-Reswap"] = "innerHTML"
    return response


def rate_limited(scope: str, methods: Iterable[str] = ("POST",)) -> Callable[[View], View]:
    """Refuse a view with 429 once a client address used up `settings.RATE_LIMITS[scope]`.

    Only requests with the given methods count, so reading a form stays free.
    """
    counted = frozenset(method.upper() for method in methods)
    rate_for(scope)  # a malformed rate fails at import, not on the first visitor

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in counted:
                retry_after = hit(scope, request)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator
