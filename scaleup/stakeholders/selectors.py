from __future__ import annotations

from django.db.models import QuerySet

from scaleup.stakeholders.models import Organisation, StakeholderGroup


def groups_accepting_applications() -> QuerySet[StakeholderGroup]:
    return StakeholderGroup.objects.filter(accepts_applications=True).select_related(
        "partner", "policy_instrument"
    )


def find_organisation(name: str) -> Organisation | None:
    """Organisation names are unique case-insensitively; match them the same way."""
    return Organisation.objects.filter(name__iexact=name.strip()).first()


def organisations_for_export() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")
