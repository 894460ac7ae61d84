from __future__ import annotations

from typing import Any

from allauth.account.views import _login as allauth_login_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scaleup.accounts import selectors, services
from scaleup.accounts.forms import ProfileForm


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # signed in: login_required
    return render(
        request,
        "accounts/home.html",
        {
            "email": selectors.primary_email(user),
            "roles": selectors.roles_held(user),
            "sections": selectors.account_sections(user),
            "has_password": user.has_usable_password(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # signed in: login_required
    initial = {"first_name": user.first_name, "last_name": user.last_name}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data, actor=user)
        messages.success(request, _("Your name has been saved."))
        return redirect("accounts:home")
    return render(request, "accounts/profile.html", {"form": form})


class ConfirmLoginCodeView(allauth_login_views.ConfirmLoginCodeView):
    """allauth's code confirmation, except when the account was erased while its code was on
    the way: the code is then refused like an expired one, instead of failing."""

    def _verify_form_valid(self, form: Any) -> HttpResponse:
        if self._process.user is None:
            self.stage.abort()
            messages.error(
                self.request, _("This sign-in code is no longer valid. Ask for a new one.")
            )
            return redirect("account_request_login_code")
        response: HttpResponse = super()._verify_form_valid(form)
        return response


confirm_login_code = ConfirmLoginCodeView.as_view()
