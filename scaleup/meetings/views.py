from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from scaleup.core.htmx import is_htmx
from scaleup.core.ratelimit import rate_limited
from scaleup.core.selectors import site_configuration
from scaleup.meetings import selectors, services
from scaleup.meetings.calendar import meetings_calendar
from scaleup.meetings.forms import RegistrationForm
from scaleup.meetings.models import Meeting, Registration

PAST_PER_PAGE = 10


def meeting_list(request: HttpRequest) -> HttpResponse:
    past_page = Paginator(selectors.past_meetings(), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {"upcoming": selectors.upcoming_meetings(), "past_page": past_page},
    )


def _meeting_or_404(slug: str) -> Meeting:
    meeting = selectors.meeting_for_page(slug)
    if meeting is None:
        raise Http404
    return meeting


def _detail_context(meeting: Meeting, form: RegistrationForm) -> dict[str, object]:
    return {
        "meeting": meeting,
        "form": form,
        "kinds": selectors.participating_kinds(meeting),
        "seats_left": selectors.seats_left(meeting),
    }


@require_http_methods(["GET", "POST"])
@rate_limited("registration")
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The meeting page; its registration form posts back here, so a failed attempt
    stays on an address that can be reloaded or switched to another language."""
    meeting = _meeting_or_404(slug)
    if request.method != "POST":
        return render(
            request, "meetings/meeting_detail.html", _detail_context(meeting, RegistrationForm())
        )
    form = RegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register_for_meeting(
                meeting=meeting,
                full_name=data["full_name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                organisation_kind=data["organisation_kind"],
                image_consent=data["image_consent"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if is_htmx(request):
                return render(
                    request, "meetings/_registration_done.html", {"registration": registration}
                )
            return redirect("meetings:registration", token=registration.token)
    template = (
        "meetings/_registration_form.html" if is_htmx(request) else "meetings/meeting_detail.html"
    )
    return render(request, template, _detail_context(meeting, form))


@require_http_methods(["GET", "POST"])
def registration_status(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail: see the registration, or cancel it."""
    registration = get_object_or_404(Registration.objects.select_related("meeting"), token=token)
    error = ""
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration, actor=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect(reverse("meetings:registration", kwargs={"token": registration.token}))
    return render(
        request,
        "meetings/registration_status.html",
        {"registration": registration, "error": error},
        status=400 if error else 200,
    )


def meetings_ical(request: HttpRequest) -> HttpResponse:
    body = meetings_calendar(
        selectors.published_meetings().order_by("starts_at"),
        base_url=request.build_absolute_uri("/"),
        name=str(site_configuration().portal_name),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
