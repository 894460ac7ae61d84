"""Changes to recommendations: drafting (from workshop statements), editing, moving them
through the lifecycle, and members' endorsements.

Each service runs in one transaction, checks its rules before writing (a `ValidationError`
by field, nothing saved), and writes its audit entry in the same transaction. A move also
writes a `Transition` row, the history the pages show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.access.checks import ensure_actor_may
from scaleup.core.audit import changes, record, snapshot
from scaleup.dialogue.models import Statement
from scaleup.policy.lifecycle import DECIDED, EDITABLE, NEEDS_MEASURE, State, may_move
from scaleup.policy.models import Endorsement, Recommendation, RecommendationStatement, Transition
from scaleup.practices.models import GoodPractice
from scaleup.practices.services import link_problems
from scaleup.projects.models import Measure, PolicyInstrument
from scaleup.projects.selectors import instrument_line
from scaleup.stakeholders.models import Membership, StakeholderGroup
from scaleup.stakeholders.selectors import active_memberships

#: Fields a draft may change; from discussion until submission only the target measure.
TEXT_FIELDS = ("title_pl", "title_en", "text_pl", "text_en", "rationale_pl", "rationale_en")
MEASURE_FIELDS = ("instrument", "measure")
#: States in which the target measure may still be chosen or corrected.
MEASURE_OPEN = frozenset({State.DRAFT, State.DISCUSSED, State.ENDORSED})


def instruments_of(group: StakeholderGroup) -> list[PolicyInstrument]:
    """What the group's recommendations may target: its instrument and its successors."""
    return instrument_line(group.policy_instrument)


def _target_problems(
    group: StakeholderGroup, instrument: PolicyInstrument | None, measure: Measure | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if instrument is None or instrument not in instruments_of(group):
        problems["instrument"] = _(
            "Choose the policy instrument the group works on, or the one that succeeds it."
        )
    elif measure is not None and measure.instrument_id != instrument.pk:
        problems["measure"] = _("This measure belongs to another policy instrument.")
    return problems


def _statement_problems(group: StakeholderGroup, statements: Sequence[Statement]) -> list[str]:
    problems = []
    for statement in statements:
        if statement.conversation.group_id != group.pk:
            problems.append(
                _("Statement %(id)d is from another group's workshop.") % {"id": statement.pk}
            )
        elif statement.state == Statement.State.REJECTED:
            problems.append(
                _("Statement %(id)d was rejected in moderation.") % {"id": statement.pk}
            )
    return problems


def _set_statements(recommendation: Recommendation, statements: Sequence[Statement]) -> None:
    RecommendationStatement.objects.filter(recommendation=recommendation).delete()
    RecommendationStatement.objects.bulk_create(
        RecommendationStatement(recommendation=recommendation, statement=statement, position=index)
        for index, statement in enumerate(dict.fromkeys(statements))
    )


def _actor_name(actor: Any) -> str:
    if not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor.get_full_name() or actor.get_username())[:200]


def _transition(
    recommendation: Recommendation, *, from_state: str, to_state: str, actor: Any, comment: str
) -> Transition:
    return Transition.objects.create(
        recommendation=recommendation,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        comment=comment,
    )


def _full_clean(recommendation: Recommendation) -> None:
    try:
        recommendation.full_clean(exclude=["group", "created_by"])
    except ValidationError as invalid:
        raise ValidationError(invalid.message_dict) from invalid


@transaction.atomic
def draft_recommendation(
    *,
    group: StakeholderGroup,
    actor: Any,
    title_pl: str,
    text_pl: str,
    instrument: PolicyInstrument | None,
    measure: Measure | None = None,
    title_en: str = "",
    text_en: str = "",
    rationale_pl: str = "",
    rationale_en: str = "",
    statements: Iterable[Statement] = (),
    inspired_by: Iterable[GoodPractice] = (),
) -> Recommendation:
    ensure_actor_may(actor, "recommendation:manage", group)
    chosen = list(statements)
    practices = list(inspired_by)
    problems: dict[str, Any] = dict(_target_problems(group, instrument, measure))
    if statement_problems := _statement_problems(group, chosen):
        problems["statements"] = statement_problems
    if practice_problems := link_problems(practices, partner_id=group.partner_id):
        problems["inspired_by"] = practice_problems
    recommendation = Recommendation(
        group=group,
        title_pl=title_pl,
        title_en=title_en,
        text_pl=text_pl,
        text_en=text_en,
        rationale_pl=rationale_pl,
        rationale_en=rationale_en,
        instrument=instrument,
        measure=measure,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        _full_clean(recommendation)
    except ValidationError as invalid:
        problems = invalid.message_dict | problems
    if problems:
        raise ValidationError(problems)
    recommendation.save()
    _set_statements(recommendation, chosen)
    recommendation.inspired_by.set(practices)
    _transition(recommendation, from_state="", to_state=State.DRAFT, actor=actor, comment="")
    record(
        actor=actor,
        action="policy.recommendation.drafted",
        target=recommendation,
        statements=[statement.pk for statement in chosen],
    )
    return recommendation


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("group")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def update_recommendation(
    *,
    recommendation: Recommendation,
    actor: Any,
    statements: Iterable[Statement] | None = None,
    inspired_by: Iterable[GoodPractice] | None = None,
    **fields: Any,
) -> Recommendation:
    """A draft changes freely; later, until it is submitted, only its target measure."""
    ensure_actor_may(actor, "recommendation:manage", recommendation)
    current = _locked(recommendation)
    unknown = set(fields) - set(TEXT_FIELDS) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"not updatable: {', '.join(sorted(unknown))}")
    text_changes = {name for name in fields if getattr(current, name) != fields[name]}
    text_changes &= set(TEXT_FIELDS)
    if current.state not in EDITABLE and (
        text_changes or statements is not None or inspired_by is not None
    ):
        raise ValidationError(
            _("Only a draft can be reworded; return the recommendation to draft first.")
        )
    if current.state not in MEASURE_OPEN:
        raise ValidationError(_("A submitted recommendation keeps the measure it was sent for."))
    before = snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    chosen = list(statements) if statements is not None else None
    problems: dict[str, Any] = dict(
        _target_problems(current.group, current.instrument, current.measure)
    )
    if chosen is not None and (statement_problems := _statement_problems(current.group, chosen)):
        problems["statements"] = statement_problems
    practices = list(inspired_by) if inspired_by is not None else None
    if practices is not None and (
        practice_problems := link_problems(practices, partner_id=current.group.partner_id)
    ):
        problems["inspired_by"] = practice_problems
    try:
        _full_clean(current)
    except ValidationError as invalid:
        problems = invalid.message_dict | problems
    if problems:
        raise ValidationError(problems)
    current.save()
    if chosen is not None:
        _set_statements(current, chosen)
    if practices is not None:
        current.inspired_by.set(practices)
    record(
        actor=actor,
        action="policy.recommendation.updated",
        target=current,
        changes=changes(before, snapshot(current)),
        **({"statements": [statement.pk for statement in chosen]} if chosen is not None else {}),
    )
    return current


@transaction.atomic
def move_recommendation(
    *,
    recommendation: Recommendation,
    to_state: str,
    actor: Any,
    comment: str = "",
    endorsement_deadline: dt.datetime | None = None,
) -> Recommendation:
    """One step along the lifecycle, with who, when and why in its history."""
    ensure_actor_may(actor, "recommendation:manage", recommendation)
    current = _locked(recommendation)
    comment = comment.strip()
    if not may_move(current.state, to_state):
        raise ValidationError(
            _("A recommendation that is %(current)s cannot become %(target)s.")
            % {
                "current": State(current.state).label,
                "target": State(to_state).label if to_state in State.values else to_state,
            }
        )
    problems: dict[str, str] = {}
    if to_state in NEEDS_MEASURE and current.measure_id is None:
        problems["measure"] = _(
            "Choose the measure this recommendation targets before submitting it."
        )
    if (to_state in DECIDED - {State.IMPLEMENTED} or to_state == State.DRAFT) and not comment:
        problems["comment"] = _(
            "Say in a comment what the managing authority decided, or why it goes back."
        )
    if len(comment) > 2000:
        problems["comment"] = _("Keep the comment to 2,000 characters.")
    deadline = endorsement_deadline if to_state == State.DISCUSSED else None
    if deadline is not None and deadline <= timezone.now():
        problems["endorsement_deadline"] = _("The deadline must be in the future.")
    if problems:
        raise ValidationError(problems)
    withdrawn = 0
    if to_state == State.DISCUSSED:
        current.endorsement_deadline = endorsement_deadline
    if to_state == State.DRAFT:
        # Endorsements were given to the text as it was; a reworded text asks again.
        withdrawn, _deleted = Endorsement.objects.filter(recommendation=current).delete()
        current.endorsement_deadline = None
    from_state = current.state
    current.state = to_state
    current.save(update_fields=["state", "endorsement_deadline", "updated_at"])
    _transition(current, from_state=from_state, to_state=to_state, actor=actor, comment=comment)
    record(
        actor=actor,
        action="policy.recommendation.moved",
        target=current,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        endorsements_withdrawn=withdrawn,
    )
    return current


def endorsable_memberships(recommendation: Recommendation, user: Any) -> list[Membership]:
    """The member organisations of the recommendation's group that `user` speaks for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        active_memberships()
        .filter(group_id=recommendation.group_id, contacts__user=user)
        .select_related("organisation")
        .order_by("organisation__name")
        .distinct()
    )


def _endorsement_problem(recommendation: Recommendation) -> str | None:
    if recommendation.state != State.DISCUSSED:
        return _("Endorsements are taken only while the recommendation is under discussion.")
    deadline = recommendation.endorsement_deadline
    if deadline is not None and deadline <= timezone.now():
        return _("The deadline for endorsements has passed.")
    return None


@transaction.atomic
def endorse(*, recommendation: Recommendation, membership: Membership, actor: Any) -> Endorsement:
    current = _locked(recommendation)
    if problem := _endorsement_problem(current):
        raise ValidationError(problem)
    if membership not in endorsable_memberships(current, actor):
        raise PermissionDenied
    if Endorsement.objects.filter(recommendation=current, membership=membership).exists():
        raise ValidationError(
            _("%(organisation)s has already endorsed this recommendation.")
            % {"organisation": membership.organisation.name}
        )
    endorsement = Endorsement.objects.create(
        recommendation=current, membership=membership, endorsed_by=actor
    )
    record(
        actor=actor,
        action="policy.recommendation.endorsed",
        target=current,
        organisation=membership.organisation.name,
    )
    return endorsement


@transaction.atomic
def withdraw_endorsement(
    *, recommendation: Recommendation, membership: Membership, actor: Any
) -> None:
    current = _locked(recommendation)
    if problem := _endorsement_problem(current):
        raise ValidationError(problem)
    if membership not in endorsable_memberships(current, actor):
        raise PermissionDenied
    deleted, _rows = Endorsement.objects.filter(
        recommendation=current, membership=membership
    ).delete()
    if not deleted:
        raise ValidationError(
            _("%(organisation)s has not endorsed this recommendation.")
            % {"organisation": membership.organisation.name}
        )
    record(
        actor=actor,
        action="policy.recommendation.endorsement_withdrawn",
        target=current,
        organisation=membership.organisation.name,
    )
