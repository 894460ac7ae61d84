"""The stakeholder group a network command works on, named by its slug."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from scaleup.stakeholders.models import StakeholderGroup


def group_named(slug: str) -> StakeholderGroup:
    try:
        return StakeholderGroup.objects.get(slug=slug)
    except StakeholderGroup.DoesNotExist:
        known = ", ".join(StakeholderGroup.objects.values_list("slug", flat=True)) or "-"
        raise CommandError(
            _("No stakeholder group %(slug)s; the groups are: %(known)s.")
            % {"slug": slug, "known": known}
        ) from None
