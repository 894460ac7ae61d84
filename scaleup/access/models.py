from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.projects.models import Partner, Project


class RoleAssignment(TimeStampedModel):
    """A staff role held by a user: coordinator of a project or facilitator of a partner.

    Group members get their role from their organisation's membership (see the stakeholders
    app); site administrators are Django superusers. Both are not stored here.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("project coordinator")
        FACILITATOR = "facilitator", _("partner facilitator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("For coordinators: the project they coordinate."),
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("For facilitators: the partner region whose group they run."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["user__email", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="coordinator", project__isnull=False, partner__isnull=True)
                    | Q(role="facilitator", partner__isnull=False, project__isnull=True)
                ),
                name="role_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "project"],
                condition=Q(role="coordinator"),
                name="role_one_coordinator_per_user_project",
            ),
            models.UniqueConstraint(
                fields=["user", "partner"],
                condition=Q(role="facilitator"),
                name="role_one_facilitator_per_user_partner",
            ),
        ]

    def __str__(self) -> str:
        where = self.partner if self.partner_id else self.project
        return f"{self.user} – {self.get_role_display()} – {where}"

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id)
