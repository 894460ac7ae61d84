"""Granting and withdrawing staff roles; each change is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from scaleup.access.grants import forget_grants
from scaleup.access.models import RoleAssignment
from scaleup.core.audit import record
from scaleup.projects.models import Partner, Project


@transaction.atomic
def assign_role(
    *,
    user: Any,
    role: str,
    partner: Partner | None = None,
    project: Project | None = None,
    actor: Any,
) -> RoleAssignment:
    if role == RoleAssignment.Role.FACILITATOR and (partner is None or project is not None):
        raise ValidationError(_("A facilitator role needs a partner, and no project."))
    if role == RoleAssignment.Role.COORDINATOR and (project is None or partner is not None):
        raise ValidationError(_("A coordinator role needs a project, and no partner."))
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, role=role, partner=partner, project=project, granted_by_id=_id(actor)
            )
    except IntegrityError as error:
        raise ValidationError(_("This person already has this role.")) from error
    record(
        actor=actor,
        action="access.role.assigned",
        target=assignment,
        user=user.pk,
        role=role,
        partner=partner.pk if partner else None,
        project=project.pk if project else None,
    )
    forget_grants(user)
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, actor: Any) -> None:
    record(
        actor=actor,
        action="access.role.revoked",
        target=assignment,
        user=assignment.user_id,
        role=assignment.role,
        partner=assignment.partner_id,
        project=assignment.project_id,
    )
    assignment.delete()
    forget_grants(assignment.user)


def _id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None
