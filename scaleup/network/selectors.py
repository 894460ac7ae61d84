"""Reads of the cooperation network: snapshots, scores, ego networks and suggestions."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from scaleup.network.models import AnalysisState, NetworkSnapshot, NodeScore, Tie
from scaleup.stakeholders.models import Organisation, StakeholderGroup


def latest_snapshot(group: StakeholderGroup) -> NetworkSnapshot | None:
    return (
        NetworkSnapshot.objects.filter(group=group)
        .defer("graph")
        .order_by("-computed_at", "-id")
        .first()
    )


def scores_of(snapshot: NetworkSnapshot) -> QuerySet[NodeScore]:
    """Every organisation's scores with the organisation, for tables and exports."""
    return (
        NodeScore.objects.filter(snapshot=snapshot)
        .select_related("organisation")
        .order_by("-brokerage", "organisation__name")
    )


def score_of(snapshot: NetworkSnapshot, organisation: Organisation) -> NodeScore | None:
    return NodeScore.objects.filter(snapshot=snapshot, organisation=organisation).first()


def ties_of(group: StakeholderGroup, organisation: Organisation) -> QuerySet[Tie]:
    """The organisation's ties in the group, current and past, strongest first."""
    return (
        Tie.objects.filter(group=group)
        .filter(source=organisation)
        .union(Tie.objects.filter(group=group, target=organisation))
        .order_by("-weight", "id")
    )


# --- the analysed graph, for matchmaking ------------------------------------------------------


def pack_graph(data: Any) -> bytes:
    """A `NetworkInput` as a compressed numpy archive (stored on the snapshot)."""
    import numpy as np

    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        node_ids=data.node_ids,
        categories=np.array(data.categories, dtype="U16"),
        regions=np.array(data.regions, dtype="U8"),
        sources=data.sources,
        targets=data.targets,
        weights=data.weights,
    )
    return buffer.getvalue()


def _arrays(snapshot_id: int) -> Any:
    import numpy as np

    blob = NetworkSnapshot.objects.filter(pk=snapshot_id).values_list("graph", flat=True).first()
    return np.load(io.BytesIO(bytes(blob))) if blob else None


def snapshot_edges(snapshot: NetworkSnapshot) -> Iterator[tuple[int, int, float]]:
    """The analysed edges (one per pair, weights summed) as organisation ids and weight."""
    arrays = _arrays(snapshot.pk)
    if arrays is None:
        return
    node_ids = arrays["node_ids"]
    yield from zip(
        node_ids[arrays["sources"]].tolist(),
        node_ids[arrays["targets"]].tolist(),
        arrays["weights"].tolist(),
        strict=True,
    )


@dataclass(frozen=True)
class LoadedNetwork:
    network: Any
    position_of: dict[int, int]  # organisation id -> node position
    node_ids: list[int]  # node position -> organisation id


@lru_cache(maxsize=4)
def _network(snapshot_id: int, computed_at: str) -> LoadedNetwork | None:
    """The snapshot's graph, built once per process (a big network takes a second).
    Keyed by id and time: a rolled-back test transaction gives the next snapshot the same
    id, never the same time."""
    from scaleup.network.analysis import NetworkInput, build_network

    arrays = _arrays(snapshot_id)
    if arrays is None:
        return None
    data = NetworkInput(
        node_ids=arrays["node_ids"],
        categories=arrays["categories"].tolist(),
        regions=arrays["regions"].tolist(),
        sources=arrays["sources"],
        targets=arrays["targets"],
        weights=arrays["weights"],
    )
    node_ids = [int(node) for node in data.node_ids.tolist()]
    return LoadedNetwork(
        network=build_network(data),
        position_of={node: i for i, node in enumerate(node_ids)},
        node_ids=node_ids,
    )


@dataclass(frozen=True)
class PartnerSuggestion:
    organisation: Organisation
    score: float
    common: list[Organisation]
    complementary: bool
    same_region: bool


def suggested_partners(
    snapshot: NetworkSnapshot, organisation: Organisation, *, top: int = 10
) -> list[PartnerSuggestion]:
    """Whom the organisation could be introduced to, each with the partners both share."""
    from scaleup.network.analysis import suggest_partners

    loaded = _network(snapshot.pk, snapshot.computed_at.isoformat())
    if loaded is None or organisation.pk not in loaded.position_of:
        return []
    suggestions = suggest_partners(loaded.network, loaded.position_of[organisation.pk], top=top)
    ids_by_position = loaded.node_ids
    wanted = {
        ids_by_position[position]
        for suggestion in suggestions
        for position in (suggestion.position, *suggestion.common[:3])
    }
    organisations = Organisation.objects.in_bulk(wanted)
    return [
        PartnerSuggestion(
            organisation=organisations[ids_by_position[suggestion.position]],
            score=float(suggestion.score),
            common=[organisations[ids_by_position[p]] for p in suggestion.common[:3]],
            complementary=suggestion.complementary,
            same_region=suggestion.same_region,
        )
        for suggestion in suggestions
    ]


def explain(suggestion: PartnerSuggestion) -> str:
    """Why a partner is suggested, in words: 'both cooperate with X and Y; ...'."""
    names = [organisation.name for organisation in suggestion.common]
    if len(names) == 1:
        reason = _("both cooperate with %(first)s") % {"first": names[0]}
    elif len(names) == 2:
        reason = _("both cooperate with %(first)s and %(second)s") % {
            "first": names[0],
            "second": names[1],
        }
    else:
        reason = _("both cooperate with %(first)s, %(second)s and others") % {
            "first": names[0],
            "second": names[1],
        }
    extras = []
    if suggestion.complementary:
        extras.append(_("their kinds complement each other"))
    if suggestion.same_region:
        extras.append(_("same region"))
    return "; ".join([reason, *extras])


# --- pages ----------------------------------------------------------------------------------
# Reads of the facilitator pages (`network.views`): the filtered score table, the map's nodes
# and edges, ego networks, the gaps report and the organisation look-ups of the tie form.
# Every list is bounded or paginated: an imported network has tens of thousands of nodes.

#: "Strongest first" on the map and in the default table order.
STRONGEST_FIRST = ("-brokerage", "-weighted_degree", "organisation__name", "organisation_id")


@dataclass(frozen=True)
class ScoreFilters:
    kind: str = ""
    region: str = ""  # a NUTS code prefix (PL8, PL81, PL814) or a country code (PL)
    sector: str = ""
    community: int | None = None


def filtered_scores(snapshot: NetworkSnapshot, filters: ScoreFilters) -> QuerySet[NodeScore]:
    scores = scores_of(snapshot)
    if filters.kind:
        scores = scores.filter(organisation__kind=filters.kind)
    if filters.region:
        region = filters.region.upper()
        condition = Q(organisation__nuts_code__startswith=region)
        if len(region) == 2:
            condition |= Q(organisation__country=region)
        scores = scores.filter(condition)
    if filters.sector:
        scores = scores.filter(organisation__sector__icontains=filters.sector)
    if filters.community is not None:
        scores = scores.filter(community=filters.community)
    return scores


def sectors_of(snapshot: NetworkSnapshot, *, limit: int = 200) -> list[str]:
    """The most common sectors among the snapshot's organisations, for the filter's list."""
    return list(
        NodeScore.objects.filter(snapshot=snapshot)
        .exclude(organisation__sector="")
        .values_list("organisation__sector", flat=True)
        .annotate(count=Count("id"))
        .order_by("-count", "organisation__sector")[:limit]
    )


def current_edges(
    group: StakeholderGroup, organisation_ids: Iterable[int], *, limit: int
) -> tuple[list[tuple[int, int, float]], int]:
    """The current ties among the organisations, one edge per pair (lower id first) with the
    weights of its ties summed, strongest `limit` first; and the number of pairs."""
    from scaleup.network.services import current_ties

    ids = list(organisation_ids)
    weights: dict[tuple[int, int], float] = {}
    rows = (
        current_ties(group)
        .filter(source_id__in=ids, target_id__in=ids)
        .values("source_id", "target_id")
        .annotate(total=Sum("weight"))
        .order_by()
        .values_list("source_id", "target_id", "total")
    )
    for source_id, target_id, total in rows:
        pair = (min(source_id, target_id), max(source_id, target_id))
        weights[pair] = weights.get(pair, 0.0) + float(total)
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [(source, target, weight) for (source, target), weight in ranked[:limit]], len(ranked)


def current_partners(
    group: StakeholderGroup, organisation: Organisation, *, limit: int
) -> tuple[list[int], int]:
    """The organisation's current partners, strongest ties first (at most `limit`), and
    how many it has."""
    from scaleup.network.services import current_ties

    strength: dict[int, float] = {}
    ties = current_ties(group).filter(Q(source=organisation) | Q(target=organisation))
    for source_id, target_id, weight in ties.order_by().values_list(
        "source_id", "target_id", "weight"
    ):
        other = target_id if source_id == organisation.pk else source_id
        strength[other] = strength.get(other, 0.0) + weight
    ranked = sorted(strength, key=lambda pk: (-strength[pk], pk))
    return ranked[:limit], len(ranked)


def organisations_with_scores(
    snapshot: NetworkSnapshot | None, organisation_ids: Iterable[int]
) -> list[tuple[Organisation, NodeScore | None]]:
    """The organisations (in the order given) with their scores in the snapshot, if any."""
    ids = list(organisation_ids)
    organisations = Organisation.objects.in_bulk(ids)
    scores = (
        {
            score.organisation_id: score
            for score in NodeScore.objects.filter(snapshot=snapshot, organisation_id__in=ids)
        }
        if snapshot is not None
        else {}
    )
    return [(organisations[pk], scores.get(pk)) for pk in ids if pk in organisations]


def partners_of_many(
    group: StakeholderGroup, organisation_ids: Iterable[int]
) -> dict[int, list[Organisation]]:
    """Each organisation's current partners by name, in two queries whatever the number."""
    from scaleup.network.services import current_ties

    ids = set(organisation_ids)
    partner_ids: dict[int, set[int]] = {pk: set() for pk in ids}
    ties = current_ties(group).filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    for source_id, target_id in ties.order_by().values_list("source_id", "target_id"):
        if source_id in ids:
            partner_ids[source_id].add(target_id)
        if target_id in ids:
            partner_ids[target_id].add(source_id)
    organisations = Organisation.objects.in_bulk(
        {pk for found in partner_ids.values() for pk in found}
    )
    return {
        pk: sorted((organisations[other] for other in found), key=lambda o: o.name)
        for pk, found in partner_ids.items()
    }


def gap_smes(snapshot: NetworkSnapshot) -> QuerySet[NodeScore]:
    return scores_of(snapshot).filter(is_gap=True).order_by("organisation__name", "pk")


def catalyst_clusters(snapshot: NetworkSnapshot) -> QuerySet[NodeScore]:
    """Clusters by their share of SME-research bridging, then the cross-kind ties they mediate."""
    return (
        scores_of(snapshot)
        .filter(catalyst_share__isnull=False)
        .order_by(F("catalyst_share").desc(), "-cross_kind_ties", "organisation__name", "pk")
    )


def top_brokers(snapshot: NetworkSnapshot) -> QuerySet[NodeScore]:
    return scores_of(snapshot).filter(brokerage__gt=0).order_by(*STRONGEST_FIRST)


def tie_with_ends(group: StakeholderGroup, pk: int) -> Tie | None:
    return Tie.objects.filter(group=group, pk=pk).select_related("source", "target").first()


def ties_with_partners(group: StakeholderGroup, organisation: Organisation) -> QuerySet[Tie]:
    """The organisation's ties in the group with both ends loaded, strongest first."""
    return (
        Tie.objects.filter(group=group)
        .filter(Q(source=organisation) | Q(target=organisation))
        .select_related("source", "target")
        .order_by("-weight", "id")
    )


def tie_form_names(group: StakeholderGroup, *, limit: int = 500) -> list[str]:
    """Names the tie form suggests: the group's member organisations, then the strongest
    organisations of its analysed network, at most `limit` (never the whole network)."""
    names = list(
        Organisation.objects.filter(memberships__group=group)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )
    snapshot = latest_snapshot(group)
    if snapshot is not None and len(names) < limit:
        seen = set(names)
        strongest = (
            NodeScore.objects.filter(snapshot=snapshot)
            .order_by(*STRONGEST_FIRST)
            .values_list("organisation__name", flat=True)[: limit - len(names)]
        )
        names.extend(sorted(name for name in strongest if name not in seen))
    return names


def organisation_named(text: str) -> Organisation | None:
    """The organisation a person typed: its exact name, its name in another case, or its PIC."""
    text = text.strip()
    if not text:
        return None
    found = Organisation.objects.filter(name=text).first()
    if found is None:
        found = Organisation.objects.filter(name__iexact=text).first()
    if found is None and text.isdigit():
        found = Organisation.objects.filter(pic=text).first()
    return found


def analysis_pending(group: StakeholderGroup) -> bool:
    """Whether a new analysis of the group's network is queued or running."""
    return (
        AnalysisState.objects.filter(group=group).filter(Q(pending=True) | Q(running=True)).exists()
    )


def analysis_state(group: StakeholderGroup) -> AnalysisState | None:
    """The group's analysis state: queued, running, or failing and waiting for a retry."""
    return AnalysisState.objects.filter(group=group).first()


def known_to_group(group: StakeholderGroup, organisation_ids: Iterable[int]) -> set[int]:
    """The organisations among `organisation_ids` this group's staff may see named: those
    with a tie in the group's network (current or past) and the group's members. Another
    region's organisations stay unnamed (their pages give 404)."""
    from scaleup.stakeholders.models import Membership

    wanted = {int(pk) for pk in organisation_ids}
    if not wanted:
        return set()
    ties = Tie.objects.filter(group=group).order_by()
    return (
        set(ties.filter(source_id__in=wanted).values_list("source_id", flat=True))
        | set(ties.filter(target_id__in=wanted).values_list("target_id", flat=True))
        | set(
            Membership.objects.filter(group=group, organisation_id__in=wanted).values_list(
                "organisation_id", flat=True
            )
        )
    )
