"""Self-service for data subjects: see, download and erase one's data, manage consents.

Every page but the notices acts on the signed-in person alone: no view takes the id of a
person or a record, so nobody can address somebody else's data.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from scaleup.privacy import selectors, services
from scaleup.privacy.forms import ConsentChoiceForm, EraseForm, GiveConsentForm
from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.registry import providers
from scaleup.privacy.templatetags.privacy import facts
from scaleup.privacy.texts import CONSENT_TEXTS, FORM_CLAUSES


def notice(request: HttpRequest) -> HttpResponse:
    """The full privacy notice (GDPR art. 13), which every form's short clause links to."""
    consents = [(ConsentPurpose(purpose).label, text) for purpose, text in CONSENT_TEXTS.items()]
    return render(
        request,
        "privacy/notice.html",
        {**facts(), "clauses": list(FORM_CLAUSES.values()), "consents": consents},
    )


@login_required
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    subject = selectors.subject_for(request.user)
    consents = selectors.consent_history(request.user)
    return render(
        request,
        "privacy/my_data.html",
        {
            "summary": selectors.data_summary(subject),
            "consents": consents,
            "may_give_listing": selectors.may_give_listing_consent(consents),
            "listing_text": CONSENT_TEXTS[ConsentPurpose.PUBLIC_LISTING],
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    form = ConsentChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("We could not tell which consent to withdraw."))
        return redirect("privacy:my_data")
    withdrawn = services.withdraw_own_consents(
        user=request.user,
        purpose=form.cleaned_data["purpose"],
        context=form.cleaned_data["context"],
        actor=request.user,
    )
    if withdrawn:
        messages.success(request, _("Your consent has been withdrawn."))
    else:
        messages.info(request, _("There was no consent to withdraw."))
    return redirect("privacy:my_data")


def _address_of(user: object) -> str:
    email: str = getattr(user, "email", "")
    if email:
        return email
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary").first()
    return address.email if address else ""


@login_required
@require_POST
def consent_give(request: HttpRequest) -> HttpResponse:
    form = GiveConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This consent cannot be given here."))
        return redirect("privacy:my_data")
    try:
        services.give_consent(
            email=_address_of(request.user),
            purpose=form.cleaned_data["purpose"],
            user=request.user,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you, your consent has been recorded."))
    return redirect("privacy:my_data")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest) -> HttpResponse:
    """GET explains what the archive holds; POST builds it (and writes the audit entry)."""
    if request.method == "POST":
        archive = services.export_personal_data(user=request.user, actor=request.user)
        response = HttpResponse(archive, content_type="application/zip")
        filename = f"my-data-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "privacy/download.html", {"sections": providers()})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.erase_personal_data(user=request.user, actor=request.user)
        logout(request)
        return redirect("privacy:erased")
    return render(request, "privacy/erase.html", {"form": form})


def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/erased.html")
