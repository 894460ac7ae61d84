"""Background tasks of the live workshops. They take primary keys and stay thin."""

from __future__ import annotations

from django_tasks import task

from scaleup.dialogue import services


@task()
def recompute_opinion_map(conversation_id: int) -> int | None:
    """The conversation's opinion map, recomputed; returns the new snapshot's id, or None
    when another run already holds the conversation (it will compute once more)."""
    snapshot = services.run_recompute(conversation_id)
    return snapshot.pk if snapshot is not None else None
