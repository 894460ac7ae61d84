"""What the 'My account' page shows: a person's roles and where each applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress

from scaleup.access.grants import Grant, grants_for
from scaleup.access.roles import Role
from scaleup.accounts.registry import AccountSection, group_names, sections
from scaleup.projects.models import Partner


@dataclass(frozen=True)
class RoleHeld:
    """A role and the places it covers; `everywhere` for site administrators."""

    role: Role
    places: tuple[str, ...]
    everywhere: bool = False

    @property
    def label(self) -> str:
        return self.role.label


def roles_held(user: Any) -> list[RoleHeld]:
    """Each grant as a role with the partners' short names or the groups' names."""
    grants = grants_for(user)
    partner_ids = {
        partner_id
        for grant in grants
        if grant.partner_ids is not None and grant.group_ids is None
        for partner_id in grant.partner_ids
    }
    partners = dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "short_name"))
    groups = group_names(group_id for grant in grants for group_id in (grant.group_ids or ()))
    return [_held(grant, partners, groups) for grant in grants]


def _held(grant: Grant, partners: dict[int, str], groups: dict[int, str]) -> RoleHeld:
    if grant.partner_ids is None:
        return RoleHeld(grant.role, (), everywhere=True)
    if grant.group_ids is not None:
        names = [groups[group_id] for group_id in grant.group_ids if group_id in groups]
    else:
        names = [partners[pk] for pk in grant.partner_ids if pk in partners]
    return RoleHeld(grant.role, tuple(sorted(names, key=str.casefold)))


def primary_email(user: Any) -> str:
    address = EmailAddress.objects.filter(user=user, primary=True).first()
    return address.email if address else str(user.email)


def account_sections(user: Any) -> list[tuple[AccountSection, dict[str, Any]]]:
    """The sections other apps add, each with its context; empty ones are left out."""
    result = []
    for section in sections():
        context = section.context(user)
        if context is not None:
            result.append((section, context))
    return result
