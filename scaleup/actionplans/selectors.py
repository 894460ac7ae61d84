"""Reads of action plans, with every related row prefetched (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Min, Prefetch, QuerySet, Sum

from scaleup.access.checks import filter_permitted
from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote
from scaleup.policy.models import Recommendation
from scaleup.practices import selectors as practice_selectors
from scaleup.practices.models import GoodPractice


def managed(user: Any) -> QuerySet[ActionPlan]:
    return (
        filter_permitted(
            ActionPlan.objects.all(), user, "actionplan:manage", partner_field="partner_id"
        )
        .select_related("partner", "instrument")
        .order_by("partner__position", "instrument__period_start", "id")
    )


def managed_with_totals(user: Any) -> QuerySet[ActionPlan]:
    """The plans with their number of actions, total cost and time span, for the list."""
    return managed(user).annotate(
        actions_count=Count("actions"),
        cost_total=Sum("actions__cost_eur"),
        first_start=Min("actions__starts_on"),
        last_end=Max("actions__ends_on"),
    )


def plan_page(pk: int) -> ActionPlan:
    """The plan with its actions, their links and notes: what the page and exports show."""
    actions = Action.objects.prefetch_related(
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("measure").order_by("created_at"),
        ),
        Prefetch("practices", queryset=GoodPractice.objects.order_by("title")),
        Prefetch("notes", queryset=MonitoringNote.objects.order_by("noted_on", "id")),
    ).order_by("position", "id")
    return (
        ActionPlan.objects.select_related("partner__project", "instrument")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .get(pk=pk)
    )


def linkable_recommendations(plan: ActionPlan) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(group__partner_id=plan.partner_id).order_by("-created_at")


def linkable_practices(plan: ActionPlan) -> QuerySet[GoodPractice]:
    return practice_selectors.linkable_practices(plan.partner_id)
