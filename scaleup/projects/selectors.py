from __future__ import annotations

import re
from collections import defaultdict
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
                queryset=Partner.objects.select_related(
                    "policy_instrument__successor", "policy_instrument__predecessor"
                ),
            ),
        )
        .order_by("-started_on")
        .first()
    )


@dataclass
class MeasureNode:
    measure: Measure
    children: list[MeasureNode] = field(default_factory=list)


def _natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """'3.10' after '3.9', and roman axis numbers in their written order."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\s]+", code)
    )


def measure_trees(instruments: list[PolicyInstrument]) -> dict[int, list[MeasureNode]]:
    """Each instrument's axes with their measures and actions, built from one query."""
    nodes = {m.pk: MeasureNode(m) for m in Measure.objects.filter(instrument__in=instruments)}
    roots: dict[int, list[MeasureNode]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: _natural_key(n.measure.code)):
        parent_id = node.measure.parent_id
        if parent_id is None:
            roots[node.measure.instrument_id].append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
    return {instrument.pk: roots.get(instrument.pk, []) for instrument in instruments}


def measure_tree(instrument: PolicyInstrument) -> list[MeasureNode]:
    return measure_trees([instrument])[instrument.pk]


def instrument_line(instrument: PolicyInstrument | None) -> list[PolicyInstrument]:
    """The instrument and the ones that succeed it (RPO WL 2014-2020, then FEL 2021-2027);
    each once, even if bad data loops."""
    line: list[PolicyInstrument] = []
    while instrument is not None and instrument not in line:
        line.append(instrument)
        instrument = getattr(instrument, "successor", None)
    return line


@dataclass
class AddressedInstrument:
    partner: Partner
    chain: list[tuple[PolicyInstrument, list[MeasureNode]]]


def addressed_instruments(project: Project) -> list[AddressedInstrument]:
    """Per partner: the instrument it addresses and its successor, each with its measures."""
    chains: list[tuple[Partner, list[PolicyInstrument]]] = []
    for partner in project.partners.all():
        instrument = partner.policy_instrument
        if instrument is None:
            continue
        successor = getattr(instrument, "successor", None)
        chains.append((partner, [instrument, successor] if successor else [instrument]))
    trees = measure_trees([i for _, chain in chains for i in chain])
    return [
        AddressedInstrument(partner, [(i, trees[i.pk]) for i in chain]) for partner, chain in chains
    ]
