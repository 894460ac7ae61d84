"""A group's cooperation network: its ties between organisations."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from scaleup.access.checks import check_permission
from scaleup.api import problems
from scaleup.api.auth import token_auth
from scaleup.api.choices import TieKindName
from scaleup.api.conditional import lock, refuse_if_changed
from scaleup.api.pagination import Pages
from scaleup.api.problems import PRIVATE_READ_ERRORS, WRITE_ERRORS
from scaleup.api.types import Id, Text
from scaleup.network import services
from scaleup.network.models import Tie
from scaleup.stakeholders.models import Organisation, StakeholderGroup
from scaleup.stakeholders.selectors import visible_organisations

router = Router(tags=["network"])


class TieOut(Schema):
    id: int
    group: int = Field(alias="group_id")
    source: int = Field(alias="source_id", description="Lower id first; a cluster last.")
    target: int = Field(alias="target_id")
    kind: TieKindName
    weight: float
    valid_from: dt.date | None
    valid_to: dt.date | None
    source_name: str = Field(description="Where the tie is known from.")
    evidence: str
    created_at: dt.datetime


class TieIn(Schema):
    source: Id = Field(description="An organisation's id.")
    target: Id = Field(description="An organisation's id; the cluster, for a membership.")
    kind: TieKindName
    weight: float = Field(1.0, gt=0, le=1e6)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source_name: Text = Field("", max_length=200)
    evidence: Text = Field("", max_length=4000)


class TieChange(Schema):
    """The fields to change; the two organisations stay (delete the tie to change them).
    A field left out keeps its value. Null keeps `kind`, `weight`, `source_name` and
    `evidence`, and empties `valid_from` or `valid_to` (no known start or end)."""

    kind: TieKindName | None = None
    weight: float | None = Field(None, gt=0, le=1e6)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source_name: Text | None = Field(None, max_length=200)
    evidence: Text | None = Field(None, max_length=4000)


class TieFilter(FilterSchema):
    kind: TieKindName | None = None
    organisation: Id | None = Field(None, description="Ties of this organisation.")
    current: bool | None = Field(None, description="Only the ties in force today.")

    def filter_organisation(self, value: int | None) -> Q:
        return Q(source_id=value) | Q(target_id=value) if value is not None else Q()

    def filter_current(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        today = timezone.localdate()
        in_force = Q(Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & Q(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        return in_force if value else ~in_force


def _group(request: HttpRequest, group_id: int, permission: str) -> StakeholderGroup:
    check_permission(request, permission)
    group = get_object_or_404(StakeholderGroup, pk=group_id)
    check_permission(request, permission, group)
    return group


def _tie(
    request: HttpRequest, group_id: int, tie_id: int, permission: str = "network:manage"
) -> Tie:
    group = _group(request, group_id, permission)
    return get_object_or_404(Tie.objects.filter(group=group), pk=tie_id)


@router.get(
    "/{group_id}/ties/{tie_id}",
    response={200: TieOut, **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="tie_detail",
    summary="Read a tie",
)
def tie_detail(request: HttpRequest, group_id: int, tie_id: int) -> Tie:
    return _tie(request, group_id, tie_id, "network:view")


@router.get(
    "/{group_id}/ties",
    response={200: list[TieOut], **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="tie_list",
    summary="List a group's ties",
)
@paginate(Pages)
def tie_list(request: HttpRequest, group_id: int, filters: Query[TieFilter]) -> QuerySet[Tie]:
    group = _group(request, group_id, "network:view")
    return filters.filter(Tie.objects.filter(group=group)).order_by("id")


@router.post(
    "/{group_id}/ties",
    response={201: TieOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="tie_create",
    summary="Record a tie",
)
def tie_create(request: HttpRequest, group_id: int, payload: TieIn) -> Any:
    group = _group(request, group_id, "network:manage")
    organisations = visible_organisations(request.user)
    ends: dict[str, Organisation] = {}
    missing = []
    for end in ("source", "target"):
        found = organisations.filter(pk=getattr(payload, end)).first()
        if found is None:
            missing.append((f"/body/{end}", _("There is no organisation with this id.")))
        else:
            ends[end] = found
    if missing:
        return problems.problem(
            422, "rejected", _("The change was not made."), missing[0][1], errors=missing
        )
    tie = services.add_tie(
        group=group,
        source=ends["source"],
        target=ends["target"],
        kind=payload.kind,
        weight=payload.weight,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        source_name=payload.source_name,
        evidence=payload.evidence,
        actor=request.user,
    )
    return Status(201, tie)


@router.patch(
    "/{group_id}/ties/{tie_id}",
    response={200: TieOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="tie_update",
    summary="Change or end a tie",
    description="Set `valid_to` to end a cooperation that stopped: it stays on record.",
)
@transaction.atomic
def tie_update(request: HttpRequest, group_id: int, tie_id: int, payload: TieChange) -> Any:
    lock(Tie, tie_id)
    tie = _tie(request, group_id, tie_id)
    refusal = refuse_if_changed(request, TieOut, tie)
    if refusal is not None:
        return refusal
    fields = payload.model_dump(exclude_unset=True)
    for name in ("kind", "weight", "source_name", "evidence"):
        if fields.get(name, "") is None:
            del fields[name]
    return services.update_tie(tie=tie, actor=request.user, **fields)


@router.delete(
    "/{group_id}/ties/{tie_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    url_name="tie_delete",
    summary="Delete a tie entered by mistake",
)
@transaction.atomic
def tie_delete(request: HttpRequest, group_id: int, tie_id: int) -> Any:
    lock(Tie, tie_id)
    tie = _tie(request, group_id, tie_id)
    refusal = refuse_if_changed(request, TieOut, tie)
    if refusal is not None:
        return refusal
    services.delete_tie(tie=tie, actor=request.user)
    return Status(204, None)
