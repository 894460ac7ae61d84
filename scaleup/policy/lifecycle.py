"""The states a recommendation passes through and the moves between them.

Plain data, no Django models: the services enforce it, the pages offer only the moves it
allows, and the database's check constraints keep the states and their preconditions.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    DISCUSSED = "discussed", _("under discussion")
    ENDORSED = "endorsed", _("endorsed by the group")
    SUBMITTED = "submitted", _("submitted to the managing authority")
    ACCEPTED = "accepted", pgettext_lazy("recommendation", "accepted")
    PARTLY_ACCEPTED = "partly_accepted", pgettext_lazy("recommendation", "partly accepted")
    REJECTED = "rejected", pgettext_lazy("recommendation", "rejected")
    IMPLEMENTED = "implemented", pgettext_lazy("recommendation", "implemented")


#: Where a recommendation may go from each state: one step along the way, never a jump.
#: The one step back is a discussed recommendation returned to draft for rework.
MOVES: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.DISCUSSED,),
    State.DISCUSSED: (State.ENDORSED, State.DRAFT),
    State.ENDORSED: (State.SUBMITTED,),
    State.SUBMITTED: (State.ACCEPTED, State.PARTLY_ACCEPTED, State.REJECTED),
    State.ACCEPTED: (State.IMPLEMENTED,),
    State.PARTLY_ACCEPTED: (State.IMPLEMENTED,),
    State.REJECTED: (),
    State.IMPLEMENTED: (),
}

#: The button that makes each move, in the facilitator's words.
MOVE_LABELS = {
    State.DISCUSSED: _("Open for discussion and endorsement"),
    State.DRAFT: _("Return to draft"),
    State.ENDORSED: _("Record the group's endorsement"),
    State.SUBMITTED: _("Record submission to the managing authority"),
    State.ACCEPTED: _("Record: accepted"),
    State.PARTLY_ACCEPTED: _("Record: partly accepted"),
    State.REJECTED: _("Record: rejected"),
    State.IMPLEMENTED: _("Record: implemented"),
}

#: States in which the text may still change: once members endorse it, it stays as endorsed.
EDITABLE = frozenset({State.DRAFT})
#: States shown on the public accountability pages: the group's position and what followed.
PUBLIC = frozenset(
    {
        State.ENDORSED,
        State.SUBMITTED,
        State.ACCEPTED,
        State.PARTLY_ACCEPTED,
        State.REJECTED,
        State.IMPLEMENTED,
    }
)
#: States that need a target measure: from submission on, the authority is told where.
NEEDS_MEASURE = PUBLIC - {State.ENDORSED}
#: The managing authority's answers.
DECIDED = frozenset({State.ACCEPTED, State.PARTLY_ACCEPTED, State.REJECTED, State.IMPLEMENTED})


def may_move(source: str, target: str) -> bool:
    return target in MOVES.get(source, ())
