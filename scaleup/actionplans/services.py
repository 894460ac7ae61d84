"""Changes to action plans, their actions and monitoring notes: one transaction each, with
the audit entry, bad input refused by field with nothing saved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from scaleup.access.checks import ensure_actor_may
from scaleup.actionplans.jobs import PLAN_DOCUMENT, document_params
from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote
from scaleup.core.audit import changes, record, snapshot
from scaleup.jobs.models import Job
from scaleup.jobs.services import start_job
from scaleup.policy.models import Recommendation
from scaleup.practices.models import GoodPractice
from scaleup.practices.services import link_problems
from scaleup.projects.selectors import instrument_line


def _clean(instance: ActionPlan | Action | MonitoringNote, exclude: list[str]) -> dict[str, Any]:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as invalid:
        return dict(invalid.message_dict)
    return {}


@transaction.atomic
def save_plan(*, plan: ActionPlan, actor: Any) -> ActionPlan:
    ensure_actor_may(actor, "actionplan:manage", plan)
    problems = _clean(plan, exclude=[])
    if plan.instrument_id is not None and plan.instrument not in instrument_line(
        plan.partner.policy_instrument
    ):
        problems["instrument"] = [
            _("Choose the partner's policy instrument, or the one that succeeds it.")
        ]
    if problems:
        raise ValidationError(problems)
    created = plan.pk is None
    before = {} if created else snapshot(ActionPlan.objects.get(pk=plan.pk))
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as taken:  # the same plan saved meanwhile by someone else
        raise ValidationError(
            {"instrument": [_("The partner already has an action plan for this instrument.")]}
        ) from taken
    record(
        actor=actor,
        action="actionplans.plan.created" if created else "actionplans.plan.updated",
        target=plan,
        **({} if created else {"changes": changes(before, snapshot(plan))}),
    )
    return plan


def _link_problems(
    plan: ActionPlan, recommendations: list[Recommendation], practices: list[GoodPractice]
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if any(item.group.partner_id != plan.partner_id for item in recommendations):
        problems["recommendations"] = [_("Link recommendations of the partner's own groups.")]
    if practice_problems := link_problems(practices, partner_id=plan.partner_id):
        problems["practices"] = practice_problems
    return problems


@transaction.atomic
def save_action(
    *,
    action: Action,
    actor: Any,
    recommendations: Iterable[Recommendation] | None = None,
    practices: Iterable[GoodPractice] | None = None,
) -> Action:
    """Create (numbered after the last) or update an action and its links."""
    ensure_actor_may(actor, "actionplan:manage", action.plan)
    plan = ActionPlan.objects.select_for_update().get(pk=action.plan_id)
    created = action.pk is None
    if created:
        last = plan.actions.aggregate(last=Max("position"))["last"] or 0
        action.position = last + 1
    chosen_recommendations = list(recommendations) if recommendations is not None else []
    chosen_practices = list(practices) if practices is not None else []
    problems = _clean(action, exclude=["plan"])
    problems |= _link_problems(plan, chosen_recommendations, chosen_practices)
    if problems:
        raise ValidationError(problems)
    before = {} if created else snapshot(Action.objects.get(pk=action.pk))
    action.save()
    if recommendations is not None:
        action.recommendations.set(chosen_recommendations)
    if practices is not None:
        action.practices.set(chosen_practices)
    record(
        actor=actor,
        action="actionplans.action.created" if created else "actionplans.action.updated",
        target=plan,
        action_id=action.pk,
        **({} if created else {"changes": changes(before, snapshot(action))}),
    )
    return action


@transaction.atomic
def delete_action(*, action: Action, actor: Any) -> None:
    ensure_actor_may(actor, "actionplan:manage", action.plan)
    plan = ActionPlan.objects.select_for_update().get(pk=action.plan_id)
    record(actor=actor, action="actionplans.action.deleted", target=plan, title=action.title_pl)
    action.delete()
    # The document numbers the actions; close the gap the deleted one leaves.
    for number, later in enumerate(plan.actions.order_by("position", "id"), start=1):
        if later.position != number:
            Action.objects.filter(pk=later.pk).update(position=number)


@transaction.atomic
def add_note(*, note: MonitoringNote, actor: Any) -> MonitoringNote:
    ensure_actor_may(actor, "actionplan:manage", note.action.plan)
    problems = _clean(note, exclude=["action"])
    if problems:
        raise ValidationError(problems)
    note.save()
    record(
        actor=actor,
        action="actionplans.note.added",
        target=note.action.plan,
        action_id=note.action_id,
        phase=note.phase,
        progress=note.progress,
    )
    return note


@transaction.atomic
def request_document(*, plan: ActionPlan, file_format: str, language: str, actor: Any) -> Job:
    """The plan as DOCX or PDF, made in the background; the request is audited."""
    ensure_actor_may(actor, "actionplan:manage", plan)
    job = start_job(
        kind=PLAN_DOCUMENT,
        params=document_params(plan=plan, file_format=file_format, language=language),
        actor=actor,
    )
    record(
        actor=actor,
        action="actionplans.plan.exported",
        target=plan,
        format=file_format,
        language=language,
    )
    return job
