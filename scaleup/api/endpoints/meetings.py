"""Meetings and their registrations."""

import datetime as dt
from typing import Annotated, Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from scaleup.access.checks import check_permission, filter_permitted, has_permission
from scaleup.api import problems
from scaleup.api.auth import optional_token_auth, token_auth
from scaleup.api.choices import MeetingFormat, OrganisationKindName, RegistrationStatus
from scaleup.api.conditional import lock, refuse_if_changed
from scaleup.api.pagination import Pages
from scaleup.api.problems import PRIVATE_READ_ERRORS, READ_ERRORS, WRITE_ERRORS
from scaleup.api.types import Id, Moment, Text
from scaleup.core.ratelimit import hit
from scaleup.meetings import services as meeting_services
from scaleup.meetings.forms import RegistrationForm
from scaleup.meetings.models import Meeting, Registration
from scaleup.stakeholders.selectors import permitted_groups
from scaleup.workspace.forms import MeetingForm
from scaleup.workspace.selectors import registrations_of

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    slug: str
    group: int = Field(alias="group_id")
    partner: int = Field(alias="group.partner_id")
    format: MeetingFormat
    title_pl: str
    title_en: str
    theme_pl: str
    theme_en: str
    starts_at: Moment
    ends_at: Moment
    venue_pl: str
    venue_en: str
    address: str
    capacity: int
    registration_open: bool
    is_published: bool
    seats_taken: int = Field(description="Confirmed registrations.")
    minutes_pl: str
    minutes_en: str
    page: str | None = Field(description="The public page, once the meeting is published.")

    @staticmethod
    def resolve_page(meeting: Meeting, context: Any) -> str | None:
        if not meeting.is_published:
            return None
        return str(context["request"].build_absolute_uri(meeting.get_absolute_url()))


class MeetingIn(Schema):
    group: Id
    slug: Text = Field(max_length=120, pattern=r"^[-a-zA-Z0-9_]+$")
    format: MeetingFormat = "workshop"
    title_pl: Text = Field(max_length=300)
    title_en: Text = Field("", max_length=300)
    theme_pl: Text
    theme_en: Text = ""
    starts_at: Moment
    ends_at: Moment
    venue_pl: Text = Field(max_length=300)
    venue_en: Text = Field("", max_length=300)
    address: Text = Field("", max_length=300)
    capacity: int = Field(ge=1, le=100000)
    registration_open: bool = True
    is_published: bool = False
    minutes_pl: Text = ""
    minutes_en: Text = ""


class MeetingChange(Schema):
    """The fields to change. A field left out, or sent as null, keeps its value; send an
    empty string to empty a text."""

    group: Id | None = None
    slug: Text | None = Field(None, max_length=120, pattern=r"^[-a-zA-Z0-9_]+$")
    format: MeetingFormat | None = None
    title_pl: Text | None = Field(None, max_length=300)
    title_en: Text | None = Field(None, max_length=300)
    theme_pl: Text | None = None
    theme_en: Text | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    venue_pl: Text | None = Field(None, max_length=300)
    venue_en: Text | None = Field(None, max_length=300)
    address: Text | None = Field(None, max_length=300)
    capacity: int | None = Field(None, ge=1, le=100000)
    registration_open: bool | None = None
    is_published: bool | None = None
    minutes_pl: Text | None = None
    minutes_en: Text | None = None


class MeetingFilter(FilterSchema):
    group: Annotated[Id | None, FilterLookup("group_id")] = Field(
        None, description="A stakeholder group's id."
    )
    partner: Annotated[Id | None, FilterLookup("group__partner_id")] = Field(
        None, description="A partner's id."
    )
    format: MeetingFormat | None = None
    starts_after: Annotated[Moment | None, FilterLookup("starts_at__gte")] = None
    starts_before: Annotated[Moment | None, FilterLookup("starts_at__lt")] = None


def _visible_meetings(user: Any) -> QuerySet[Meeting]:
    """Published meetings, and the drafts the caller may see in the back office."""
    drafts = filter_permitted(
        Meeting.objects.filter(is_published=False),
        user,
        "meeting:view_draft",
        partner_field="group__partner_id",
    )
    return (
        Meeting.objects.filter(Q(is_published=True) | Q(pk__in=drafts.values("pk")))
        .select_related("group")
        .annotate(
            seats_taken=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .order_by("-starts_at", "id")
    )


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(_visible_meetings(request.user), pk=meeting_id)


@router.get(
    "",
    response={200: list[MeetingOut], **READ_ERRORS},
    auth=optional_token_auth,
    url_name="meeting_list",
    summary="List meetings",
)
@paginate(Pages)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilter]) -> QuerySet[Meeting]:
    return filters.filter(_visible_meetings(request.user))


@router.get(
    "/{meeting_id}",
    response={200: MeetingOut, **READ_ERRORS},
    auth=optional_token_auth,
    url_name="meeting_detail",
    summary="Read a meeting",
)
def meeting_detail(request: HttpRequest, meeting_id: int) -> Meeting:
    return _meeting(request, meeting_id)


def _form_data(meeting: Meeting) -> dict[str, Any]:
    data = {name: getattr(meeting, name) for name in MeetingForm.Meta.fields if name != "group"}
    data["group"] = meeting.group_id
    return data


def _save(request: HttpRequest, meeting: Meeting, data: dict[str, Any], status: int) -> Any:
    form = MeetingForm(
        data, instance=meeting, groups=permitted_groups(request.user, "meeting:manage")
    )
    if not form.is_valid():
        return problems.form_rejected(form)
    meeting_services.save_meeting(meeting=form.save(commit=False), actor=request.user)
    return Status(status, _meeting(request, form.instance.pk))


@router.post(
    "",
    response={201: MeetingOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="meeting_create",
    summary="Create a meeting",
)
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    check_permission(request, "meeting:manage")
    return _save(request, Meeting(), payload.model_dump(), 201)


@router.patch(
    "/{meeting_id}",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="meeting_update",
    summary="Change a meeting",
)
@transaction.atomic
def meeting_update(request: HttpRequest, meeting_id: int, payload: MeetingChange) -> Any:
    check_permission(request, "meeting:manage")
    lock(Meeting, meeting_id)
    meeting = _meeting(request, meeting_id)
    check_permission(request, "meeting:manage", meeting)
    refusal = refuse_if_changed(request, MeetingOut, meeting)
    if refusal is not None:
        return refusal
    data = _form_data(meeting)
    data.update(payload.model_dump(exclude_unset=True, exclude_none=True))
    return _save(request, meeting, data, 200)


# --- registrations -----------------------------------------------------------------------


class RegistrationOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    full_name: str
    email: str
    organisation_name: str
    organisation_kind: OrganisationKindName
    organisation: int | None = Field(alias="organisation_id")
    status: RegistrationStatus
    image_consent: bool
    attended: bool
    created_at: dt.datetime


class RegistrationIn(Schema):
    full_name: Text = Field(max_length=200)
    email: Text = Field(max_length=254)
    organisation_name: Text = Field(max_length=200)
    organisation_kind: OrganisationKindName
    consent: bool = Field(
        description="The person read the privacy notice of the meeting's page and agrees "
        "that their data is processed to organise the meeting."
    )
    image_consent: bool = Field(False, description="The person agrees to be photographed.")


class AttendanceIn(Schema):
    attended: bool


class RegistrationFilter(FilterSchema):
    status: RegistrationStatus | None = None
    attended: bool | None = None


def _registration(request: HttpRequest, meeting_id: int, registration_id: int) -> Registration:
    meeting = _meeting(request, meeting_id)
    return get_object_or_404(meeting.registrations.all(), pk=registration_id)


def _is_own(user: Any, registration: Registration) -> bool:
    """Registered with the account's address."""
    return bool(user.email) and registration.email.casefold() == user.email.casefold()


def _may_cancel(user: Any, registration: Registration) -> bool:
    """One's own registration, or as the meeting's staff."""
    return _is_own(user, registration) or has_permission(
        user, "registration:manage", registration.meeting
    )


@router.get(
    "/{meeting_id}/registrations/{registration_id}",
    response={200: RegistrationOut, **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="registration_detail",
    summary="Read a registration",
    description="One's own, or as the meeting's staff.",
)
def registration_detail(request: HttpRequest, meeting_id: int, registration_id: int) -> Any:
    registration = _registration(request, meeting_id, registration_id)
    if _is_own(request.user, registration):
        return registration
    check_permission(request, "registration:view")
    check_permission(request, "registration:view", registration.meeting)
    return registration


@router.get(
    "/{meeting_id}/registrations",
    response={200: list[RegistrationOut], **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="registration_list",
    summary="List a meeting's registrations",
)
@paginate(Pages)
def registration_list(
    request: HttpRequest, meeting_id: int, filters: Query[RegistrationFilter]
) -> QuerySet[Registration]:
    check_permission(request, "registration:view")
    meeting = _meeting(request, meeting_id)
    check_permission(request, "registration:view", meeting)
    return filters.filter(registrations_of(meeting))


@router.post(
    "/{meeting_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="registration_create",
    summary="Register for a meeting",
    description="As the meeting's page does: a seat while there are seats, else a place on "
    "the waiting list. The person is sent the confirmation by e-mail.",
)
def registration_create(request: HttpRequest, meeting_id: int, payload: RegistrationIn) -> Any:
    wait = hit("registration", request)
    if wait is not None:
        return problems.too_many_requests(wait)
    meeting = _meeting(request, meeting_id)
    form = RegistrationForm(payload.model_dump())
    if not form.is_valid():
        return problems.form_rejected(form)
    registration = meeting_services.register_for_meeting(
        meeting=meeting,
        full_name=form.cleaned_data["full_name"],
        email=form.cleaned_data["email"],
        organisation_name=form.cleaned_data["organisation_name"],
        organisation_kind=form.cleaned_data["organisation_kind"],
        image_consent=form.cleaned_data["image_consent"],
        actor=request.user,
    )
    return Status(201, registration)


@router.patch(
    "/{meeting_id}/registrations/{registration_id}",
    response={200: RegistrationOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="registration_attendance",
    summary="Record whether a registered person attended",
)
@transaction.atomic
def registration_attendance(
    request: HttpRequest, meeting_id: int, registration_id: int, payload: AttendanceIn
) -> Any:
    check_permission(request, "registration:manage")
    lock(Registration, registration_id)
    registration = _registration(request, meeting_id, registration_id)
    check_permission(request, "registration:manage", registration.meeting)
    refusal = refuse_if_changed(request, RegistrationOut, registration)
    if refusal is not None:
        return refusal
    meeting_services.mark_attendance(
        registrations=[registration], attended=payload.attended, actor=request.user
    )
    registration.refresh_from_db()
    return registration


@router.delete(
    "/{meeting_id}/registrations/{registration_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    url_name="registration_cancel",
    summary="Cancel a registration",
    description="One's own (the account's e-mail address), or as the meeting's staff. The "
    "first person waiting gets the seat.",
)
def registration_cancel(request: HttpRequest, meeting_id: int, registration_id: int) -> Any:
    registration = _registration(request, meeting_id, registration_id)
    if not _may_cancel(request.user, registration):
        if has_permission(request.user, "registration:manage"):
            return problems.not_found()
        return problems.forbidden()
    meeting_services.cancel_registration(registration=registration, actor=request.user)
    return Status(204, None)
