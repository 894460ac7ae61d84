"""Public pages of a group: accepting an invitation (by link or code) and the group page."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scaleup.core.i18n import active_language
from scaleup.core.ratelimit import rate_limited
from scaleup.stakeholders import invitations
from scaleup.stakeholders.forms_public import AcceptInvitationForm, InvitationCodeForm


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.invitation_by_token(token)
    if found is None:
        raise Http404
    reason = invitations.refusal(found)
    if reason:
        return render(
            request,
            "stakeholders/invitation_closed.html",
            {"invitation": found, "reason": reason},
            status=410,
        )
    refused = invitations.account_refusal(found, request.user)
    if refused:
        # An existing account is entered by signing in to it, never by holding the link.
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(
            request,
            "stakeholders/invitation.html",
            {"invitation": found, "form": None, "refused": refused, "login_url": login_url},
            status=403 if request.method == "POST" else 200,
        )
    initial = {"first_name": found.first_name, "last_name": found.last_name}
    if request.user.is_authenticated:
        initial = {
            "first_name": request.user.first_name or found.first_name,
            "last_name": request.user.last_name or found.last_name,
        }
    form = AcceptInvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_invitation(
                invitation=found,
                **form.cleaned_data,
                request_language=active_language(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Welcome to %(group)s.") % {"group": found.group.name},
            )
            if request.user.is_authenticated:  # the owner of an existing account
                return redirect("accounts:home")
            return perform_login(
                request, user, email=found.email, redirect_url=reverse("accounts:home")
            )
    return render(request, "stakeholders/invitation.html", {"invitation": found, "form": form})


@require_http_methods(["GET", "POST"])
@rate_limited("code")
def invitation_code(request: HttpRequest) -> HttpResponse:
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = invitations.invitation_by_code(form.cleaned_data["code"])
        if found is not None:
            return redirect("stakeholders:invitation", token=found.token)
        form.add_error(
            "code",
            _("No invitation has this code. Check the code in the e-mail and type it again."),
        )
    return render(request, "stakeholders/invitation_code.html", {"form": form})


def group(request: HttpRequest, slug: str) -> HttpResponse:
    found = invitations.public_group(slug)
    if found is None:
        raise Http404
    return render(
        request,
        "stakeholders/group_public.html",
        {
            "group": found,
            "organisations": invitations.member_organisations(found),
            "people": invitations.publicly_listed_people(found),
        },
    )
