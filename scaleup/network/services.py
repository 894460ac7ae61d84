"""Changes to the cooperation network: ties entered, changed, ended or removed, and the
analysis that follows them.

Every change asks for a fresh analysis of the group's network once it commits; the
analysis runs as a background task, debounced (`core.debounce`), so an import of
thousands of ties queues one analysis.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core import debounce
from scaleup.core.audit import record
from scaleup.network.models import AnalysisState, NetworkSnapshot, NodeScore, Tie, TieKind
from scaleup.network.selectors import pack_graph
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup

#: Snapshots kept per group; older ones (and their scores) are deleted after each analysis.
SNAPSHOTS_KEPT = 5


# --- Ties -----------------------------------------------------------------------------------


def ordered(
    source: Organisation, target: Organisation, kind: str
) -> tuple[Organisation, Organisation]:
    """Undirected ties are stored lower id first; cluster membership points to the cluster."""
    if kind == TieKind.CLUSTER_MEMBERSHIP or source.pk < target.pk:
        return source, target
    return target, source


def tie_problems(
    *,
    source: Organisation | None,
    target: Organisation | None,
    kind: str,
    weight: float | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> dict[str, str]:
    """What is wrong with a tie, by field; shared by the forms, the import and the services,
    so a file row and a form get the same message."""
    problems: dict[str, str] = {}
    if kind not in TieKind.values:
        problems["kind"] = _("Choose the kind of tie.")
    if source is not None and target is not None and source.pk == target.pk:
        problems["target"] = _("An organisation cannot have a tie to itself.")
    if (
        kind == TieKind.CLUSTER_MEMBERSHIP
        and target is not None
        and target.kind != OrganisationKind.CLUSTER
    ):
        problems["target"] = _(
            "Cluster membership is a tie to a cluster organisation; %(name)s is not one."
        ) % {"name": target.name}
    if weight is None or not weight > 0 or weight != weight or weight == float("inf"):
        problems["weight"] = _("The weight must be a number greater than zero.")
    if valid_from and valid_to and valid_to < valid_from:
        problems["valid_to"] = _("The end date is before the start date.")
    return problems


def _existing(
    group: StakeholderGroup,
    source: Organisation,
    target: Organisation,
    kind: str,
    valid_from: dt.date | None,
    exclude_pk: int | None = None,
) -> Tie | None:
    ties = Tie.objects.filter(group=group, source=source, target=target, kind=kind)
    ties = ties.filter(valid_from=valid_from) if valid_from else ties.filter(valid_from=None)
    if exclude_pk is not None:
        ties = ties.exclude(pk=exclude_pk)
    return ties.first()


def _save_unique(tie: Tie) -> None:
    """Save; a tie recorded meanwhile (a form sent twice) is the duplicate message, not an
    error page."""
    try:
        with transaction.atomic():
            tie.save()
    except IntegrityError:
        raise ValidationError(
            {"target": _("This tie is already recorded in the group's network.")}
        ) from None


@transaction.atomic
def add_tie(
    *,
    group: StakeholderGroup,
    source: Organisation,
    target: Organisation,
    kind: str,
    actor: Any,
    weight: float = 1.0,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    source_name: str = "",
    evidence: str = "",
) -> Tie:
    problems = tie_problems(
        source=source,
        target=target,
        kind=kind,
        weight=weight,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    if problems:
        raise ValidationError(problems)
    source, target = ordered(source, target, kind)
    if _existing(group, source, target, kind, valid_from) is not None:
        raise ValidationError({"target": _("This tie is already recorded in the group's network.")})
    tie = Tie(
        group=group,
        source=source,
        target=target,
        kind=kind,
        weight=weight,
        valid_from=valid_from,
        valid_to=valid_to,
        source_name=source_name,
        evidence=evidence,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _save_unique(tie)
    record(actor=actor, action="network.tie.created", target=tie)
    request_analysis(group.pk)
    return tie


#: What `update_tie` may change; the group and the two organisations stay.
UPDATABLE_TIE_FIELDS = ("kind", "weight", "valid_from", "valid_to", "source_name", "evidence")


@transaction.atomic
def update_tie(*, tie: Tie, actor: Any, **fields: Any) -> Tie:
    unknown = set(fields) - set(UPDATABLE_TIE_FIELDS)
    if unknown:
        raise TypeError(f"update_tie() cannot change {', '.join(sorted(unknown))}")
    # Only the tie's row: locking its organisations too (FOR UPDATE on a join) would
    # deadlock with an analysis inserting scores that refer to them.
    tie = (
        Tie.objects.select_for_update(of=("self",))
        .select_related("source", "target")
        .get(pk=tie.pk)
    )
    merged = {name: fields.get(name, getattr(tie, name)) for name in UPDATABLE_TIE_FIELDS}
    problems = tie_problems(
        source=tie.source,
        target=tie.target,
        kind=merged["kind"],
        weight=merged["weight"],
        valid_from=merged["valid_from"],
        valid_to=merged["valid_to"],
    )
    if problems:
        raise ValidationError(problems)
    source, target = ordered(tie.source, tie.target, merged["kind"])
    if _existing(tie.group, source, target, merged["kind"], merged["valid_from"], tie.pk):
        raise ValidationError({"kind": _("This tie is already recorded in the group's network.")})
    changes = {
        name: [getattr(tie, name), value]
        for name, value in merged.items()
        if getattr(tie, name) != value
    }
    if (tie.source_id, tie.target_id) != (source.pk, target.pk):
        changes["source"] = [tie.source_id, source.pk]
        tie.source, tie.target = source, target
    if not changes:
        return tie
    for name, value in merged.items():
        setattr(tie, name, value)
    _save_unique(tie)
    record(
        actor=actor,
        action="network.tie.updated",
        target=tie,
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()},
    )
    request_analysis(tie.group_id)
    return tie


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def end_tie(*, tie: Tie, actor: Any, on: dt.date | None = None) -> Tie:
    """The cooperation stopped: the tie stays on record, no longer in the current network."""
    ended_on = on or timezone.localdate()
    return update_tie(tie=tie, actor=actor, valid_to=ended_on)


@transaction.atomic
def delete_tie(*, tie: Tie, actor: Any) -> None:
    """For ties entered by mistake; a cooperation that ended is ended, not deleted."""
    group_id = tie.group_id
    record(
        actor=actor,
        action="network.tie.deleted",
        target=tie,
        source=tie.source_id,
        target_organisation=tie.target_id,
        kind=tie.kind,
    )
    tie.delete()
    request_analysis(group_id)


# --- Analysis -------------------------------------------------------------------------------

#: How the analysis reads organisation kinds.
CATEGORY_OF_KIND: dict[str, str] = {
    OrganisationKind.CLUSTER: "cluster",
    OrganisationKind.SME: "sme",
    OrganisationKind.LARGE_ENTERPRISE: "large",
    OrganisationKind.ENTERPRISE: "other",
    OrganisationKind.UNIVERSITY: "knowledge",
    OrganisationKind.BUSINESS_SUPPORT: "support",
    OrganisationKind.LOCAL_GOVERNMENT: "public",
    OrganisationKind.REGIONAL_AUTHORITY: "public",
    OrganisationKind.PUBLIC_BODY: "public",
    OrganisationKind.NGO: "other",
    OrganisationKind.OTHER: "other",
}


def current_ties(group: StakeholderGroup, on: dt.date | None = None) -> Any:
    """The group's ties in force on a day (today by default)."""
    day = on or timezone.localdate()
    return Tie.objects.filter(group=group).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def region_of(organisation_nuts: str, country: str) -> str:
    """NUTS 2 where known (PL81), else the country: 'same region' for matchmaking."""
    return organisation_nuts[:4] if len(organisation_nuts) >= 4 else country


def network_input(group: StakeholderGroup) -> tuple[Any, list[int]]:
    """The analysis input for the group's current network: every organisation with a
    current tie, and one edge per pair with the weights of its ties summed."""
    import numpy as np

    from scaleup.network.analysis import NetworkInput

    rows = np.array(
        list(current_ties(group).order_by().values_list("source_id", "target_id", "weight")),
        dtype=np.float64,
    ).reshape(-1, 3)
    # One edge per pair, whatever the direction or kind of its ties: weights add up.
    ends, where = np.unique(
        np.sort(rows[:, :2].astype(np.int64), axis=1), axis=0, return_inverse=True
    )
    weights = np.bincount(where.ravel(), weights=rows[:, 2], minlength=len(ends))
    node_ids = np.unique(ends)
    positions = np.searchsorted(node_ids, ends).reshape(-1, 2)
    organisations = {
        row[0]: row
        for row in Organisation.objects.filter(pk__in=node_ids.tolist()).values_list(
            "pk", "kind", "nuts_code", "country"
        )
    }
    ids = node_ids.tolist()
    data = NetworkInput(
        node_ids=node_ids,
        categories=[CATEGORY_OF_KIND[organisations[pk][1]] for pk in ids],
        regions=[region_of(organisations[pk][2], organisations[pk][3]) for pk in ids],
        sources=np.ascontiguousarray(positions[:, 0]),
        targets=np.ascontiguousarray(positions[:, 1]),
        weights=np.ascontiguousarray(weights, dtype=np.float64),
    )
    return data, ids


def _float_or_none(value: float) -> float | None:
    return None if value != value else float(value)  # NaN for isolates and non-clusters


def analyse(*, group: StakeholderGroup, seed: int = 0) -> NetworkSnapshot:
    """Analyse the group's current network and store the result as a snapshot."""
    from scaleup.network.analysis import analyse as analyse_network
    from scaleup.network.analysis import build_network

    data, ids = network_input(group)
    if not ids:
        return NetworkSnapshot.objects.create(group=group, nodes=0, edges=0, seed=seed)
    started = time.perf_counter()
    scores = analyse_network(build_network(data), seed=seed)
    duration_ms = round((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        snapshot = NetworkSnapshot.objects.create(
            group=group,
            nodes=len(ids),
            edges=len(data.sources),
            modularity=float(scores.modularity),
            communities=len(set(scores.community.tolist())),
            brokerage_exact=scores.brokerage.exact,
            brokerage_samples=scores.brokerage.samples,
            brokerage_error_bound=float(scores.brokerage.error_bound),
            duration_ms=duration_ms,
            seed=seed,
            graph=pack_graph(data),
        )
        NodeScore.objects.bulk_create(
            (
                NodeScore(
                    snapshot=snapshot,
                    organisation_id=pk,
                    degree=int(scores.degree[i]),
                    weighted_degree=float(scores.weighted_degree[i]),
                    brokerage=float(scores.brokerage.values[i]),
                    constraint=_float_or_none(scores.constraint[i]),
                    effective_size=_float_or_none(scores.effective_size[i]),
                    community=int(scores.community[i]),
                    coreness=int(scores.coreness[i]),
                    catalyst_share=_float_or_none(scores.catalyst_share[i]),
                    cross_kind_ties=int(scores.cross_kind_ties[i]),
                    is_gap=bool(scores.is_gap[i]),
                )
                for i, pk in enumerate(ids)
            ),
            batch_size=2000,
        )
        stale = NetworkSnapshot.objects.filter(group=group).order_by("-computed_at", "-id")[
            SNAPSHOTS_KEPT:
        ]
        NetworkSnapshot.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    return snapshot


def request_analysis(group_id: int) -> None:
    """Ask for a fresh analysis of the group's network once the transaction commits."""
    transaction.on_commit(partial(_queue_analysis, group_id))


def _queue_analysis(group_id: int) -> None:
    from scaleup.network.tasks import analyse_network

    debounce.request(
        AnalysisState, {"group_id": group_id}, lambda: analyse_network.enqueue(group_id)
    )


def run_analysis(group_id: int) -> NetworkSnapshot | None:
    """Analyse unless an analysis of the group already runs (it is asked to run again);
    a failed analysis is retried after a growing delay."""
    from scaleup.network.tasks import analyse_network

    return debounce.run(
        AnalysisState,
        {"group_id": group_id},
        lambda: analyse(group=StakeholderGroup.objects.get(pk=group_id)),
        retry=debounce.later(analyse_network, group_id),
    )
