from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from scaleup.projects.models import Measure, Partner, PolicyInstrument, Project


def current_project() -> Project | None:
    """The project the portal presents: the most recently started one."""
    return (
        Project.objects.select_related("programme")
        .prefetch_related(
            "themes",
            Prefetch(
                "partners",
                queryset=Partner.objects.select_related("policy_instrument__successor"),
            ),
        )
        .order_by("-started_on")
        .first()
    )


@dataclass
class MeasureNode:
    measure: Measure
    children: list[MeasureNode] = field(default_factory=list)


def measure_tree(instrument: PolicyInstrument) -> list[MeasureNode]:
    """The instrument's axes with their measures and actions, built from one query."""
    nodes = {m.pk: MeasureNode(m) for m in Measure.objects.filter(instrument=instrument)}
    roots: list[MeasureNode] = []
    for node in nodes.values():
        parent_id = node.measure.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
    return roots
