"""A user's grants: which role they hold where.

Staff roles come from `RoleAssignment` rows; other apps contribute roles that follow from
their own records (a member organisation's contact person is a group member) through
`register_grant_source`, so this app stays below them in the dependency order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scaleup.access.roles import PERMISSIONS, Role
from scaleup.core.tenancy import Scope


@dataclass(frozen=True)
class Grant:
    """A role held over a set of partner regions, or over some groups within them.

    `partner_ids` None means every partner (site administrators). When `group_ids` is
    set, the grant covers those groups only, not the whole region.
    """

    role: Role
    partner_ids: frozenset[int] | None
    group_ids: frozenset[int] | None = None
    project_wide: bool = False

    def covers(self, scope: Scope) -> bool:
        if self.partner_ids is None:
            return True
        if scope.is_project_wide:
            return self.project_wide
        if self.group_ids is not None:
            return scope.group_id is not None and scope.group_id in self.group_ids
        return scope.partner_id in self.partner_ids

    def allows(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


GrantSource = Callable[[Any], Iterable[Grant]]
_sources: list[GrantSource] = []


def register_grant_source(source: GrantSource) -> None:
    """Called from an AppConfig.ready(): `source(user)` yields the user's extra grants."""
    if source not in _sources:
        _sources.append(source)


def _staff_grants(user: Any) -> Iterable[Grant]:
    from scaleup.access.models import RoleAssignment
    from scaleup.projects.models import Partner

    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list("role", "project_id", "partner_id")
    )
    coordinated = {project_id for role, project_id, _ in assignments if role == Role.COORDINATOR}
    if coordinated:
        partner_ids = frozenset(
            Partner.objects.filter(project_id__in=coordinated).values_list("id", flat=True)
        )
        yield Grant(Role.COORDINATOR, partner_ids, project_wide=True)
    facilitated = frozenset(
        partner_id for role, _, partner_id in assignments if role == Role.FACILITATOR
    )
    if facilitated:
        yield Grant(Role.FACILITATOR, facilitated)


def grants_for(user: Any) -> tuple[Grant, ...]:
    """The user's grants, computed once per request and kept on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_scaleup_grants", None)
    if cached is not None:
        return cached
    grants: list[Grant] = []
    if user.is_superuser:
        grants.append(Grant(Role.SITE_ADMIN, None, project_wide=True))
    grants.extend(_staff_grants(user))
    for source in _sources:
        grants.extend(source(user))
    result = tuple(grants)
    user._scaleup_grants = result
    return result


def forget_grants(user: Any) -> None:
    """Drop the per-request cache after the user's roles changed."""
    if hasattr(user, "_scaleup_grants"):
        del user._scaleup_grants


def roles_of(user: Any) -> list[Role]:
    roles = [grant.role for grant in grants_for(user)]
    if not roles:
        roles = [Role.PUBLIC]
    return sorted(set(roles), key=list(Role).index)
