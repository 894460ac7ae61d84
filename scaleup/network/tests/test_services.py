"""Ties entered, changed, ended and deleted; each change audited and followed by an analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from scaleup.core.models import AuditEntry
from scaleup.network import services
from scaleup.network.models import AnalysisState, NetworkSnapshot, NodeScore, Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup
from scaleup.stakeholders.tests.factories import OrganisationFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> StakeholderGroup:
    return StakeholderGroupFactory.create()


def _org(kind: str = OrganisationKind.SME, **fields: Any) -> Organisation:
    return OrganisationFactory.create(kind=kind, **fields)


def _tie(group: StakeholderGroup, source: Organisation, target: Organisation, **fields: Any) -> Tie:
    return services.add_tie(
        group=group,
        source=source,
        target=target,
        kind=fields.pop("kind", TieKind.INFORMAL),
        actor=None,
        **fields,
    )


def test_undirected_tie_is_stored_lower_id_first(group: StakeholderGroup) -> None:
    first, second = _org(), _org()
    tie = _tie(group, second, first)
    assert (tie.source, tie.target) == (first, second)


def test_cluster_membership_points_to_the_cluster(group: StakeholderGroup) -> None:
    cluster = _org(OrganisationKind.CLUSTER)
    member = _org()
    tie = _tie(group, member, cluster, kind=TieKind.CLUSTER_MEMBERSHIP)
    assert (tie.source, tie.target) == (member, cluster)


def test_cluster_membership_needs_a_cluster(group: StakeholderGroup) -> None:
    firm, other = _org(), _org(name="Firma Druga")
    with pytest.raises(ValidationError) as refused:
        _tie(group, firm, other, kind=TieKind.CLUSTER_MEMBERSHIP)
    assert "Firma Druga is not one" in str(refused.value.message_dict["target"])
    assert not Tie.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"weight": 0}, "weight"),
        ({"weight": -2.5}, "weight"),
        ({"weight": float("nan")}, "weight"),
        ({"kind": "friendship"}, "kind"),
        ({"valid_from": dt.date(2024, 5, 1), "valid_to": dt.date(2024, 4, 30)}, "valid_to"),
    ],
)
def test_bad_tie_is_refused_with_a_message(
    group: StakeholderGroup, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _tie(group, _org(), _org(), **fields)
    assert field in refused.value.message_dict
    assert not Tie.objects.exists()


def test_a_self_tie_is_refused(group: StakeholderGroup) -> None:
    firm = _org()
    with pytest.raises(ValidationError) as refused:
        _tie(group, firm, firm)
    assert "cannot have a tie to itself" in str(refused.value.message_dict["target"])


def test_the_same_tie_twice_is_refused(group: StakeholderGroup) -> None:
    first, second = _org(), _org()
    _tie(group, first, second)
    with pytest.raises(ValidationError):
        _tie(group, second, first)
    assert Tie.objects.count() == 1


def test_the_same_tie_in_another_group_is_its_own(group: StakeholderGroup) -> None:
    first, second = _org(), _org()
    _tie(group, first, second)
    _tie(StakeholderGroupFactory.create(), first, second)
    assert Tie.objects.count() == 2


def test_adding_a_tie_is_audited(group: StakeholderGroup) -> None:
    tie = _tie(group, _org(), _org())
    entry = AuditEntry.objects.get(action="network.tie.created")
    assert entry.target_id == str(tie.pk)


def test_update_records_the_changed_fields(group: StakeholderGroup) -> None:
    tie = _tie(group, _org(), _org())
    services.update_tie(tie=tie, actor=None, weight=3.0, evidence="Wspólny projekt 2024")
    entry = AuditEntry.objects.get(action="network.tie.updated")
    assert entry.data["changes"] == {
        "weight": [1.0, 3.0],
        "evidence": ["", "Wspólny projekt 2024"],
    }


def test_update_without_changes_records_nothing(group: StakeholderGroup) -> None:
    tie = _tie(group, _org(), _org())
    services.update_tie(tie=tie, actor=None, weight=1.0)
    assert not AuditEntry.objects.filter(action="network.tie.updated").exists()


def test_ended_tie_leaves_the_current_network(group: StakeholderGroup) -> None:
    tie = _tie(group, _org(), _org(), valid_from=dt.date(2020, 1, 1))
    services.end_tie(tie=tie, actor=None, on=dt.date(2023, 6, 30))
    assert not services.current_ties(group).exists()
    assert services.current_ties(group, on=dt.date(2022, 1, 1)).get() == tie


def test_deleted_tie_is_gone_and_audited(group: StakeholderGroup) -> None:
    tie = _tie(group, _org(), _org())
    services.delete_tie(tie=tie, actor=None)
    assert not Tie.objects.exists()
    assert AuditEntry.objects.filter(action="network.tie.deleted").exists()


def test_a_change_queues_an_analysis_after_commit(
    group: StakeholderGroup, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _tie(group, _org(), _org())
    snapshot = NetworkSnapshot.objects.get(group=group)
    assert (snapshot.nodes, snapshot.edges) == (2, 1)
    assert AnalysisState.objects.get(group=group).runs == 1


def _star(group: StakeholderGroup) -> dict[str, Organisation]:
    """A cluster with two SMEs and a university; one SME is also tied to a firm outside."""
    people = {
        "cluster": _org(OrganisationKind.CLUSTER),
        "sme_a": _org(),
        "sme_b": _org(),
        "university": _org(OrganisationKind.UNIVERSITY),
        "outsider": _org(),
        "lonely": _org(),
        "lonely_partner": _org(OrganisationKind.LARGE_ENTERPRISE),
    }
    for member in ("sme_a", "sme_b", "university"):
        _tie(group, people[member], people["cluster"], kind=TieKind.CLUSTER_MEMBERSHIP)
    _tie(group, people["sme_a"], people["outsider"], weight=2)
    _tie(group, people["lonely"], people["lonely_partner"])
    return people


def test_analysis_stores_every_organisations_scores(group: StakeholderGroup) -> None:
    people = _star(group)
    snapshot = services.analyse(group=group)
    assert (snapshot.nodes, snapshot.edges) == (7, 5)
    scores = {s.organisation_id: s for s in NodeScore.objects.filter(snapshot=snapshot)}
    cluster = scores[people["cluster"].pk]
    assert cluster.degree == 3
    assert cluster.brokerage > 0
    assert cluster.catalyst_share == pytest.approx(1.0)
    assert scores[people["sme_a"].pk].weighted_degree == pytest.approx(3.0)
    assert scores[people["sme_a"].pk].catalyst_share is None
    assert scores[people["lonely"].pk].is_gap
    assert not scores[people["sme_b"].pk].is_gap


def test_ended_ties_are_not_analysed(group: StakeholderGroup) -> None:
    first, second, third = _org(), _org(), _org()
    _tie(group, first, second)
    _tie(group, second, third, valid_to=dt.date(2020, 1, 1))
    assert services.analyse(group=group).nodes == 2


def test_empty_network_gives_an_empty_snapshot(group: StakeholderGroup) -> None:
    snapshot = services.analyse(group=group)
    assert (snapshot.nodes, snapshot.edges) == (0, 0)


def test_old_snapshots_are_deleted(group: StakeholderGroup, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "SNAPSHOTS_KEPT", 2)
    _star(group)
    latest = [services.analyse(group=group) for _ in range(3)][-1]
    assert NetworkSnapshot.objects.filter(group=group).count() == 2
    assert NetworkSnapshot.objects.filter(pk=latest.pk).exists()
