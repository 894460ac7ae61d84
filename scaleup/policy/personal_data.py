"""Personal data in recommendations, for 'download my data' and 'erase me'.

Registered with the privacy app in `PolicyConfig.ready()`. An endorsement is the member
organisation's position and stays; erasing a person removes only the link to who clicked.
A step of a recommendation's history stays too (it is the group's record of what happened),
without the account or the name of the person who made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from scaleup.policy.models import Endorsement, Recommendation, Transition
from scaleup.privacy.registry import DataSubject, Provider, Row, register


def _has_account(subject: DataSubject) -> bool:
    return subject.user is not None and subject.user.pk is not None


class EndorsementProvider(Provider):
    section = "recommendation_endorsements"
    title = _("Recommendations you endorsed for your organisation")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        if not _has_account(subject):
            return []
        return [
            {
                "recommendation": endorsement.recommendation.title_pl,
                "organisation": endorsement.membership.organisation.name,
                "endorsed_at": endorsement.created_at,
            }
            for endorsement in Endorsement.objects.filter(endorsed_by=subject.user).select_related(
                "recommendation", "membership__organisation"
            )
        ]

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        if not _has_account(subject):
            return []
        return list(Endorsement.objects.filter(endorsed_by=subject.user))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        if not _has_account(subject):
            return 0
        return Endorsement.objects.filter(endorsed_by=subject.user).update(endorsed_by=None)


class RecommendationStepProvider(Provider):
    section = "recommendation_steps"
    title = _("Steps you recorded in recommendations' histories")

    def export(self, subject: DataSubject) -> Iterable[Row]:
        if not _has_account(subject):
            return []
        rows: list[Row] = [
            {
                "recommendation": transition.recommendation.title_pl,
                "to_state": transition.to_state,
                "comment": transition.comment,
                "at": transition.created_at,
            }
            for transition in Transition.objects.filter(actor=subject.user).select_related(
                "recommendation"
            )
        ]
        rows += [
            {"recommendation": title, "drafted": True}
            for title in Recommendation.objects.filter(created_by=subject.user).values_list(
                "title_pl", flat=True
            )
        ]
        return rows

    def records(self, subject: DataSubject) -> Iterable[models.Model]:
        if not _has_account(subject):
            return []
        return list(Transition.objects.filter(actor=subject.user))

    def erase(self, subject: DataSubject, *, actor: Any) -> int:
        if not _has_account(subject):
            return 0
        Recommendation.objects.filter(created_by=subject.user).update(created_by=None)
        return Transition.objects.filter(actor=subject.user).update(actor=None, actor_name="")


def register_providers() -> None:
    register(EndorsementProvider())
    register(RecommendationStepProvider())
