"""Background tasks of the cooperation network. They take primary keys and stay thin."""

from __future__ import annotations

from django_tasks import task

from scaleup.network import services


@task()
def analyse_network(group_id: int) -> int | None:
    """The group's network analysed; returns the new snapshot's id, or None when another
    analysis already holds the group (it will run once more)."""
    snapshot = services.run_analysis(group_id)
    return snapshot.pk if snapshot is not None else None
