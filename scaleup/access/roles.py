"""Roles and the permissions each grants, as `resource:action` strings.

This table is the one place that says who may do what. Views ask through
`scaleup.access.checks` (the decorator, the mixin and the `can` template tag), never by
testing roles themselves.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    SITE_ADMIN = "site_admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    MEMBER = "member"
    PARTICIPANT = "participant"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.SITE_ADMIN: _("site administrator"),
    Role.COORDINATOR: _("project coordinator"),
    Role.FACILITATOR: _("partner facilitator"),
    Role.MEMBER: _("group member"),
    Role.PARTICIPANT: _("workshop participant"),
    Role.PUBLIC: _("public"),
}

# What a group member may do within their own group.
MEMBER_PERMISSIONS = frozenset(
    {
        "group:view",
        "document:view",
        "recommendation:view",
        "recommendation:endorse",
    }
)

# What a facilitator may do within their own partner region.
FACILITATOR_PERMISSIONS = MEMBER_PERMISSIONS | frozenset(
    {
        "workspace:view",
        "group:manage",
        "member:view",
        "member:invite",
        "member:remove",
        "organisation:manage",
        "application:view",
        "application:decide",
        "meeting:view_draft",
        "meeting:manage",
        "registration:view",
        "registration:manage",
        "document:manage",
        "news:manage",
        "audit:view",
        "conversation:manage",
        "statement:moderate",
        "network:view",
        "network:manage",
        "recommendation:manage",
        "practice:manage",
        "actionplan:manage",
        "indicator:view",
        "indicator:record",
    }
)

# What a participant of a live workshop may do within the conversation they joined.
# Anonymous seats hold no account, so the dialogue app checks participation itself
# (`dialogue.selectors.participant_for`); these name the actions for pages and templates.
PARTICIPANT_PERMISSIONS = frozenset(
    {
        "conversation:participate",
        "statement:create",
        "vote:cast",
    }
)

COORDINATOR_PERMISSIONS = FACILITATOR_PERMISSIONS

PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.SITE_ADMIN: COORDINATOR_PERMISSIONS | frozenset({"role:assign", "admin:use"}),
    Role.COORDINATOR: COORDINATOR_PERMISSIONS,
    Role.FACILITATOR: FACILITATOR_PERMISSIONS,
    Role.MEMBER: MEMBER_PERMISSIONS,
    Role.PARTICIPANT: PARTICIPANT_PERMISSIONS,
    Role.PUBLIC: frozenset(),
}

ALL_PERMISSIONS = frozenset().union(*PERMISSIONS.values())
