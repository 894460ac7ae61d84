"""Organisations: the open data's for everyone, the regions' own for their staff."""

from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from scaleup.access.checks import check_permission
from scaleup.api import problems
from scaleup.api.auth import optional_token_auth, token_auth
from scaleup.api.choices import OrganisationKindName
from scaleup.api.conditional import lock, refuse_if_changed
from scaleup.api.pagination import Pages
from scaleup.api.problems import READ_ERRORS, WRITE_ERRORS
from scaleup.api.types import Text
from scaleup.stakeholders import services
from scaleup.stakeholders.forms import OrganisationForm
from scaleup.stakeholders.models import Organisation
from scaleup.stakeholders.selectors import (
    may_manage_organisation,
    sees_whole_organisation,
    visible_organisations,
)

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    """Fields beyond the open data's (name, kind, city, country, NUTS region, website) are
    null unless the caller sees the members of a region the organisation belongs to."""

    id: int
    name: str
    kind: OrganisationKindName
    city: str
    country: str
    website: str
    in_open_data: bool
    nuts_code: str
    sector: str | None
    pic: str | None
    email: str | None
    description: str | None

    @staticmethod
    def _private(organisation: Organisation, context: Any, name: str) -> str | None:
        user = context["request"].user
        return getattr(organisation, name) if sees_whole_organisation(user, organisation) else None

    @staticmethod
    def resolve_sector(organisation: Organisation, context: Any) -> str | None:
        return OrganisationOut._private(organisation, context, "sector")

    @staticmethod
    def resolve_pic(organisation: Organisation, context: Any) -> str | None:
        return OrganisationOut._private(organisation, context, "pic")

    @staticmethod
    def resolve_email(organisation: Organisation, context: Any) -> str | None:
        return OrganisationOut._private(organisation, context, "email")

    @staticmethod
    def resolve_description(organisation: Organisation, context: Any) -> str | None:
        return OrganisationOut._private(organisation, context, "description")


class OrganisationIn(Schema):
    name: Text = Field(max_length=200)
    kind: OrganisationKindName
    city: Text = Field("", max_length=100)
    country: Text = Field("PL", min_length=2, max_length=2)
    nuts_code: Text = Field("", max_length=5)
    sector: Text = Field("", max_length=100)
    pic: Text = Field("", max_length=12)
    website: Text = Field("", max_length=200)
    email: Text = Field("", max_length=254)
    description: Text = ""
    in_open_data: bool = False


class OrganisationChange(Schema):
    """The fields to change. A field left out, or sent as null, keeps its value; send an
    empty string to empty a text."""

    name: Text | None = Field(None, max_length=200)
    kind: OrganisationKindName | None = None
    city: Text | None = Field(None, max_length=100)
    country: Text | None = Field(None, min_length=2, max_length=2)
    nuts_code: Text | None = Field(None, max_length=5)
    sector: Text | None = Field(None, max_length=100)
    pic: Text | None = Field(None, max_length=12)
    website: Text | None = Field(None, max_length=200)
    email: Text | None = Field(None, max_length=254)
    description: Text | None = None
    in_open_data: bool | None = None


class OrganisationFilter(FilterSchema):
    kind: OrganisationKindName | None = None
    country: Text | None = Field(None, max_length=2)
    search: Annotated[Text | None, FilterLookup("name__icontains")] = Field(
        None, max_length=100, description="Part of the name."
    )


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    return visible_organisations(request.user).prefetch_related("memberships__group")


def _organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return get_object_or_404(_organisations(request), pk=organisation_id)


@router.get(
    "",
    response={200: list[OrganisationOut], **READ_ERRORS},
    auth=optional_token_auth,
    url_name="organisation_list",
    summary="List organisations",
)
@paginate(Pages)
def organisation_list(
    request: HttpRequest, filters: Query[OrganisationFilter]
) -> QuerySet[Organisation]:
    return filters.filter(_organisations(request)).order_by("name", "id")


@router.get(
    "/{organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    auth=optional_token_auth,
    url_name="organisation_detail",
    summary="Read an organisation",
)
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    return _organisation(request, organisation_id)


def _save(request: HttpRequest, organisation: Organisation, data: dict[str, Any]) -> Any:
    form = OrganisationForm(data, instance=organisation)
    if not form.is_valid():
        return problems.form_rejected(form)
    saved = services.save_organisation(organisation=form.save(commit=False), actor=request.user)
    return _organisation(request, saved.pk)


@router.post(
    "",
    response={201: OrganisationOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="organisation_create",
    summary="Record an organisation",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Any:
    check_permission(request, "organisation:manage")
    saved = _save(request, Organisation(), payload.model_dump())
    return saved if isinstance(saved, HttpResponse) else Status(201, saved)


@router.patch(
    "/{organisation_id}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="organisation_update",
    summary="Correct an organisation",
)
@transaction.atomic
def organisation_update(
    request: HttpRequest, organisation_id: int, payload: OrganisationChange
) -> Any:
    check_permission(request, "organisation:manage")
    lock(Organisation, organisation_id)
    organisation = _organisation(request, organisation_id)
    if not may_manage_organisation(request.user, organisation):
        return problems.not_found()
    refusal = refuse_if_changed(request, OrganisationOut, organisation)
    if refusal is not None:
        return refusal
    data = {name: getattr(organisation, name) for name in OrganisationForm.Meta.fields}
    data.update(payload.model_dump(exclude_unset=True, exclude_none=True))
    return _save(request, organisation, data)
