from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from scaleup.access.checks import filter_permitted
from scaleup.access.grants import Grant
from scaleup.access.roles import Role
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
