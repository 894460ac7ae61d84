"""A person's API tokens: make one (its key is shown once), see when each was used, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from scaleup.api import selectors, services
from scaleup.api.forms import TokenForm
from scaleup.api.models import ApiToken
from scaleup.core.forms import add_service_errors

#: The cookie that carries a new token's key to the page after the redirect. Signed,
#: short-lived and sent only to that page; the key is never stored on the server.
NEW_KEY_COOKIE = "scaleup_new_api_key"
NEW_KEY_SECONDS = 120


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = services.create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                valid_for_days=form.cleaned_data["valid_for_days"],
                read_only=form.cleaned_data["read_only"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Redirected, so that reloading the page does not make another token.
            made = redirect("api_tokens:list")
            made.set_signed_cookie(
                NEW_KEY_COOKIE,
                key,
                salt=_cookie_salt(request),
                max_age=NEW_KEY_SECONDS,
                path=request.path,
                secure=request.is_secure(),
                httponly=True,
                samesite="Strict",
            )
            return made
    new_key = ""
    if request.method == "GET":
        new_key = (
            request.get_signed_cookie(
                NEW_KEY_COOKIE, default="", salt=_cookie_salt(request), max_age=NEW_KEY_SECONDS
            )
            or ""
        )
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.tokens_of(request.user),
            "docs_url": reverse("api:openapi-view"),
        },
        status=400 if form.errors else 200,
    )
    if NEW_KEY_COOKIE in request.COOKIES:
        response.delete_cookie(NEW_KEY_COOKIE, path=request.path, samesite="Strict")
    return response


def _cookie_salt(request: HttpRequest) -> str:
    """Bound to the account: a cookie left in a shared browser shows nothing to another."""
    return f"api-new-key:{request.user.pk}"


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_token(token=token, actor=request.user)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
