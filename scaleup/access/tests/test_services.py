from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from scaleup.access import services
from scaleup.access.checks import has_permission
from scaleup.access.models import RoleAssignment
from scaleup.core.models import AuditEntry
from scaleup.testing.users import make_user
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_assigning_a_facilitator_grants_the_region_and_is_audited(world: World) -> None:
    person = make_user("new.facilitator@example.org")
    assignment = services.assign_role(
        user=person, role="facilitator", partner=world.attica.partner, actor=world.site_admin
    )
    assert has_permission(person, "application:decide", world.attica.application)
    entry = AuditEntry.objects.get(action="access.role.assigned")
    assert entry.actor == world.site_admin
    assert entry.tenant_id == world.attica.partner.pk
    assert entry.target_id == str(assignment.pk)


def test_the_same_role_twice_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.assign_role(
            user=world.lubelskie.facilitator,
            role="facilitator",
            partner=world.lubelskie.partner,
            actor=world.site_admin,
        )


def test_a_facilitator_needs_a_partner(world: World) -> None:
    with pytest.raises(ValidationError):
        services.assign_role(
            user=world.outsider, role="facilitator", project=world.project, actor=world.site_admin
        )


def test_the_database_refuses_a_role_without_its_scope(world: World) -> None:
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=world.outsider, role="coordinator")


def test_revoking_removes_the_permission_and_is_audited(world: World) -> None:
    assignment = RoleAssignment.objects.get(user=world.lubelskie.facilitator)
    services.revoke_role(assignment=assignment, actor=world.site_admin)
    facilitator = type(world.lubelskie.facilitator).objects.get(pk=world.lubelskie.facilitator.pk)
    assert not has_permission(facilitator, "application:view")
    assert AuditEntry.objects.filter(action="access.role.revoked").count() == 1
