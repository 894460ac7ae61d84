from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from scaleup.access.checks import filter_permitted, has_permission, permitted_partner_ids
from scaleup.access.grants import Grant
from scaleup.access.roles import Role
from scaleup.core.tenancy import Scope
from scaleup.stakeholders.models import Membership, Organisation, StakeholderGroup


def permitted_groups(user: Any, permission: str) -> QuerySet[StakeholderGroup]:
    """The groups in which `user` holds `permission`, in the order the menus list them."""
    return filter_permitted(
        StakeholderGroup.objects.select_related("partner"),
        user,
        permission,
        partner_field="partner_id",
        group_field="id",
    ).order_by("partner__short_name", "name_pl")


def groups_accepting_applications() -> QuerySet[StakeholderGroup]:
    return StakeholderGroup.objects.filter(accepts_applications=True).select_related(
        "partner", "policy_instrument"
    )


def find_organisation(name: str) -> Organisation | None:
    """Organisation names are unique case-insensitively; match them the same way."""
    return Organisation.objects.filter(name__iexact=name.strip()).first()


def organisations_for_export() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def active_memberships(*, on: datetime.date | None = None) -> QuerySet[Membership]:
    today = on or timezone.localdate()
    return Membership.objects.filter(joined_on__lte=today).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today)
    )


def member_grants(user: Any) -> Iterator[Grant]:
    """A group's contact persons are its members, while their organisation's membership lasts."""
    rows = list(
        active_memberships()
        .filter(contacts__user=user)
        .values_list("group_id", "group__partner_id")
    )
    if rows:
        yield Grant(
            Role.MEMBER,
            partner_ids=frozenset(partner_id for _, partner_id in rows),
            group_ids=frozenset(group_id for group_id, _ in rows),
        )


def organisation_scopes(organisation: Organisation) -> list[Scope]:
    """The regions an organisation belongs to: those of the groups it is (or was) a member of."""
    return [
        Scope(partner_id=partner_id, group_id=group_id)
        for group_id, partner_id in organisation.memberships.values_list(
            "group_id", "group__partner_id"
        )
    ]


def may_manage_organisation(user: Any, organisation: Organisation) -> bool:
    """Staff of a region it belongs to; one that belongs to no region yet, any facilitator
    (organisations are shared by the regions, so the one who met it first records it)."""
    if not has_permission(user, "organisation:manage"):
        return False
    scopes = organisation_scopes(organisation)
    if not scopes:
        return True
    return any(has_permission(user, "organisation:manage", scope) for scope in scopes)


#: Listed in the open data: current members that agreed to it.
LISTED = Q(in_open_data=True, memberships__isnull=False, memberships__left_on__isnull=True)


def listed_organisations() -> QuerySet[Organisation]:
    """What the open data publishes: current members of a group that agreed to be listed."""
    return Organisation.objects.filter(LISTED).distinct().order_by("name", "pk")


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """Those listed in the open data; for staff who see members, also their regions'
    organisations and those that belong to no region yet."""
    partner_ids = permitted_partner_ids(user, "member:view")
    if partner_ids is None:
        return Organisation.objects.all()
    if not partner_ids:
        return listed_organisations()
    return Organisation.objects.filter(
        LISTED | Q(memberships__group__partner_id__in=partner_ids) | Q(memberships__isnull=True)
    ).distinct()


def sees_whole_organisation(user: Any, organisation: Organisation) -> bool:
    """Beyond what the open data says: staff who see members of a region it belongs to.
    Reads `organisation.memberships` (prefetch it with the groups for lists)."""
    partner_ids = permitted_partner_ids(user, "member:view")
    if partner_ids is None:
        return True
    if not partner_ids:
        return False
    regions = {membership.group.partner_id for membership in organisation.memberships.all()}
    return not regions or bool(regions & partner_ids)
