"""The facilitator's network pages: the map and its table, the map's JSON, an organisation's
page, the gaps report and the exports.

The network of every test: a cluster (Klaster Testowy) with an SME and a university as
members, a second SME in R&D with the university, a large firm supplying the first SME, and
two SMEs tied only to each other (the gaps), all in Lubelskie's group and analysed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from scaleup.core.models import AuditEntry
from scaleup.network import services
from scaleup.network.models import NetworkSnapshot, NodeScore, Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind
from scaleup.stakeholders.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StakeholderGroupFactory,
)
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.urls import url as url_in
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

K = OrganisationKind


def url(name: str, **kwargs: Any) -> str:
    """Pages in English: the assertions read the source texts."""
    return url_in(name, "en", **kwargs)


@dataclass
class Network:
    slug: str
    cluster: Organisation
    university: Organisation
    sme: Organisation
    sme_rd: Organisation
    large: Organisation
    gap: Organisation
    gap_partner: Organisation
    snapshot: NetworkSnapshot

    @property
    def organisations(self) -> list[Organisation]:
        return [
            self.cluster,
            self.university,
            self.sme,
            self.sme_rd,
            self.large,
            self.gap,
            self.gap_partner,
        ]


def _org(name: str, kind: str, nuts: str, sector: str = "") -> Organisation:
    return OrganisationFactory.create(name=name, kind=kind, nuts_code=nuts, sector=sector)


def _tie(world: World, source: Organisation, target: Organisation, kind: str, **fields: Any) -> Tie:
    return services.add_tie(
        group=world.lubelskie.group, source=source, target=target, kind=kind, actor=None, **fields
    )


@pytest.fixture
def network(world: World) -> Network:
    cluster = _org("Klaster Testowy", K.CLUSTER, "PL814", "informatyka")
    university = _org("Uczelnia Testowa", K.UNIVERSITY, "PL814")
    sme = _org("Firma Alfa", K.SME, "PL812", "meble")
    sme_rd = _org("Firma Beta", K.SME, "PL815", "informatyka")
    large = _org("Zakład Gamma", K.LARGE_ENTERPRISE, "PL811")
    gap = _org("Stolarnia Gapowa", K.SME, "PL812", "meble")
    gap_partner = _org("Tartak Gapowy", K.SME, "PL812", "drewno")
    _tie(world, sme, cluster, TieKind.CLUSTER_MEMBERSHIP)
    _tie(world, university, cluster, TieKind.CLUSTER_MEMBERSHIP)
    _tie(world, sme_rd, university, TieKind.RD_COOPERATION, weight=3.0)
    _tie(world, sme_rd, university, TieKind.JOINT_PROJECT, weight=2.0)
    _tie(world, large, sme, TieKind.SUPPLY_CHAIN, weight=2.0, source_name="Ankieta 2024")
    _tie(world, gap, gap_partner, TieKind.SUPPLY_CHAIN)
    snapshot = services.analyse(group=world.lubelskie.group)
    return Network(
        slug=world.lubelskie.group.slug,
        cluster=cluster,
        university=university,
        sme=sme,
        sme_rd=sme_rd,
        large=large,
        gap=gap,
        gap_partner=gap_partner,
        snapshot=snapshot,
    )


@pytest.fixture
def facilitator(client: Client, world: World) -> Client:
    client.force_login(world.lubelskie.facilitator)
    return client


def _tie_between(first: Organisation, second: Organisation) -> Tie:
    return Tie.objects.get(
        source=min(first, second, key=lambda o: o.pk), target=max(first, second, key=lambda o: o.pk)
    )


def _names_in_table(html: str) -> list[str]:
    table = html.split('class="workspace-table network-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def _data(client: Client, slug: str, query: str = "") -> dict[str, Any]:
    response = client.get(url("network:map_data", slug=slug) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


# --- the map page --------------------------------------------------------------------------


def test_map_shows_the_analysis_facts(facilitator: Client, network: Network) -> None:
    response = facilitator.get(url("network:map", slug=network.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pairs of organisations that cooperate" in html
    assert "computed exactly" in html
    assert f"<dd>{network.snapshot.nodes}</dd>" in html
    assert f"<dd>{network.snapshot.communities}</dd>" in html


def test_map_says_when_the_brokerage_is_sampled(facilitator: Client, network: Network) -> None:
    NetworkSnapshot.objects.filter(pk=network.snapshot.pk).update(
        brokerage_exact=False, brokerage_samples=512, brokerage_error_bound=0.1234
    )
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    assert "estimated from 512 sampled organisations" in html
    assert "±0.123" in html


def test_map_without_analysis_says_so(facilitator: Client, world: World) -> None:
    response = facilitator.get(url("network:map", slug=world.lubelskie.group.slug))
    assert response.status_code == 200
    assert "No analysis of this network exists yet" in response.content.decode()


def test_table_lists_every_organisation_with_a_link(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    assert sorted(_names_in_table(html)) == sorted(o.name for o in network.organisations)
    link = url("network:organisation", slug=network.slug, pk=network.cluster.pk)
    assert f'href="{link}"' in html


def test_table_marks_the_isolated_smes(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    row = html.split(network.gap.name, 1)[1].split("</tr>", 1)[0]
    assert "isolated" in row


def test_map_points_to_its_data_and_works_without_javascript(
    facilitator: Client, network: Network
) -> None:
    html = facilitator.get(url("network:map", slug=network.slug) + "?kind=sme").content.decode()
    data_url = url("network:map_data", slug=network.slug) + "?kind=sme"
    assert f'data-url="{data_url}"' in html
    assert 'role="img"' in html
    assert "The map needs JavaScript." in html
    assert "<script>" not in html and " style=" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=sme", ["Firma Alfa", "Firma Beta", "Stolarnia Gapowa", "Tartak Gapowy"]),
        ("?region=PL814", ["Klaster Testowy", "Uczelnia Testowa"]),
        ("?region=pl81", None),  # every organisation: all are in PL81
        ("?region=PL", None),  # the country
        ("?sector=meble", ["Firma Alfa", "Stolarnia Gapowa"]),
        ("?kind=sme&sector=informatyka", ["Firma Beta"]),
        ("?region=DE", []),
    ],
)
def test_table_filters(
    facilitator: Client, network: Network, query: str, expected: list[str] | None
) -> None:
    html = facilitator.get(url("network:map", slug=network.slug) + query).content.decode()
    names = expected if expected is not None else [o.name for o in network.organisations]
    assert sorted(_names_in_table(html)) == sorted(names)


def test_table_filters_by_community(facilitator: Client, network: Network) -> None:
    community = NodeScore.objects.get(snapshot=network.snapshot, organisation=network.gap).community
    html = facilitator.get(
        url("network:map", slug=network.slug) + f"?community={community}"
    ).content.decode()
    assert sorted(_names_in_table(html)) == ["Stolarnia Gapowa", "Tartak Gapowy"]


def test_an_invalid_filter_is_shown_and_the_others_apply(
    facilitator: Client, network: Network
) -> None:
    html = facilitator.get(
        url("network:map", slug=network.slug) + "?region=Lublin!&kind=university"
    ).content.decode()
    assert "Enter a NUTS code such as PL81" in html
    assert _names_in_table(html) == ["Uczelnia Testowa"]


def test_table_sorts_by_a_whitelisted_column(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug) + "?sort=name").content.decode()
    names = _names_in_table(html)
    assert names == sorted(names)
    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*>Organisation</a>', html)


def test_table_sorted_by_brokerage_by_default(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    strongest = NodeScore.objects.filter(snapshot=network.snapshot).order_by("-brokerage").first()
    assert strongest is not None
    assert _names_in_table(html)[0] == strongest.organisation.name
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]*>Brokerage</a>', html)


@pytest.mark.parametrize("sort", ["organisation__email", "-pk); DROP TABLE x", "brokerage"])
def test_an_unknown_sort_falls_back_to_brokerage(
    facilitator: Client, network: Network, sort: str
) -> None:
    default = _names_in_table(
        facilitator.get(url("network:map", slug=network.slug)).content.decode()
    )
    response = facilitator.get(url("network:map", slug=network.slug), {"sort": sort})
    assert response.status_code == 200
    assert _names_in_table(response.content.decode()) == default


def test_sort_links_keep_the_filters(facilitator: Client, network: Network) -> None:
    html = facilitator.get(
        url("network:map", slug=network.slug) + "?kind=sme&page=1&sort=name"
    ).content.decode()
    assert 'href="?kind=sme&amp;sort=-degree"' in html


def test_table_is_paginated(facilitator: Client, network: Network, monkeypatch: Any) -> None:
    monkeypatch.setattr("scaleup.network.views.PER_PAGE", 3)
    first = facilitator.get(url("network:map", slug=network.slug) + "?sort=name").content.decode()
    third = facilitator.get(
        url("network:map", slug=network.slug) + "?sort=name&page=3"
    ).content.decode()
    assert len(_names_in_table(first)) == 3
    assert _names_in_table(third) == ["Zakład Gamma"]
    assert "Page 1 of 3" in first
    assert 'href="?sort=name&amp;page=2"' in first


def test_map_says_when_it_is_capped(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug) + "?limit=3").content.decode()
    assert "The map shows the 3 strongest of the 7 organisations" in html
    # The table still lists them all.
    assert len(_names_in_table(html)) == 7


def test_map_is_not_capped_below_the_limit(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    assert "strongest of the" not in html


@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_map_limit_is_bounded(facilitator: Client, network: Network, limit: str) -> None:
    data = _data(facilitator, network.slug, f"?limit={limit}")
    assert data["shown"] == 7  # the default limit (300) instead


# --- the map's data -------------------------------------------------------------------------


def test_map_data_shape(facilitator: Client, network: Network) -> None:
    data = _data(facilitator, network.slug)
    assert data["total"] == data["shown"] == 7
    assert data["capped"] is False
    assert data["ego"] is None
    node = next(n for n in data["nodes"] if n["id"] == network.cluster.pk)
    score = NodeScore.objects.get(snapshot=network.snapshot, organisation=network.cluster)
    assert node == {
        "id": network.cluster.pk,
        "label": "Klaster Testowy",
        "kind": "cluster",
        "community": score.community,
        "brokerage": score.brokerage,
        "url": url("network:organisation", slug=network.slug, pk=network.cluster.pk),
        "ego": False,
    }
    assert data["kinds"]["cluster"]["shape"] == "diamond"
    assert set(data["kinds"]) == set(OrganisationKind.values)


def test_map_data_edges_sum_the_ties_of_a_pair(facilitator: Client, network: Network) -> None:
    edges = _data(facilitator, network.slug)["edges"]
    pairs = {frozenset((e["source"], e["target"])): e["weight"] for e in edges}
    assert len(edges) == 5
    assert pairs[frozenset((network.sme_rd.pk, network.university.pk))] == 5.0
    assert pairs[frozenset((network.gap.pk, network.gap_partner.pk))] == 1.0


def test_map_data_follows_the_filters(facilitator: Client, network: Network) -> None:
    data = _data(facilitator, network.slug, "?kind=sme")
    assert {n["label"] for n in data["nodes"]} == {
        "Firma Alfa",
        "Firma Beta",
        "Stolarnia Gapowa",
        "Tartak Gapowy",
    }
    assert [(e["source"], e["target"]) for e in data["edges"]] == [
        (min(network.gap.pk, network.gap_partner.pk), max(network.gap.pk, network.gap_partner.pk))
    ]


def test_map_data_caps_strongest_first(facilitator: Client, network: Network) -> None:
    data = _data(facilitator, network.slug, "?limit=2")
    strongest = NodeScore.objects.filter(snapshot=network.snapshot).order_by(
        "-brokerage", "-weighted_degree", "organisation__name"
    )[:2]
    assert [n["id"] for n in data["nodes"]] == [s.organisation_id for s in strongest]
    assert (data["shown"], data["total"], data["capped"]) == (2, 7, True)
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])


def test_map_data_leaves_out_ended_ties(facilitator: Client, network: Network) -> None:
    tie = _tie_between(network.large, network.sme)
    services.end_tie(tie=tie, actor=None, on=dt.date(2020, 1, 1))
    pairs = {(e["source"], e["target"]) for e in _data(facilitator, network.slug)["edges"]}
    assert (tie.source_id, tie.target_id) not in pairs


def test_ego_data_has_the_partners_and_the_ties_among_them(
    facilitator: Client, network: Network
) -> None:
    data = _data(facilitator, network.slug, f"?ego={network.university.pk}")
    assert data["ego"] == network.university.pk
    assert {n["label"] for n in data["nodes"]} == {
        "Uczelnia Testowa",
        "Klaster Testowy",
        "Firma Beta",
    }
    assert [n["ego"] for n in data["nodes"]] == [True, False, False]
    assert {frozenset((e["source"], e["target"])) for e in data["edges"]} == {
        frozenset((network.university.pk, network.cluster.pk)),
        frozenset((network.university.pk, network.sme_rd.pk)),
    }


def test_ego_data_caps_the_partners(facilitator: Client, network: Network) -> None:
    data = _data(facilitator, network.slug, f"?ego={network.university.pk}&limit=2")
    # The ego and its strongest partner (R&D and a joint project: weight 5).
    assert [n["label"] for n in data["nodes"]] == ["Uczelnia Testowa", "Firma Beta"]
    assert (data["total"], data["capped"]) == (3, True)


@pytest.mark.parametrize("ego", ["999999", "abc"])
def test_ego_data_of_an_unknown_organisation_is_404(
    facilitator: Client, network: Network, ego: str
) -> None:
    response = facilitator.get(url("network:map_data", slug=network.slug), {"ego": ego})
    assert response.status_code == 404


def test_map_data_without_analysis_is_empty(facilitator: Client, world: World) -> None:
    data = _data(facilitator, world.lubelskie.group.slug)
    assert (data["nodes"], data["edges"], data["total"]) == ([], [], 0)


def test_map_data_of_another_region_is_404(client: Client, world: World, network: Network) -> None:
    client.force_login(world.attica.facilitator)
    assert client.get(url("network:map_data", slug=network.slug)).status_code == 404


# --- an organisation's page -----------------------------------------------------------------


def test_organisation_page_explains_the_scores(facilitator: Client, network: Network) -> None:
    html = facilitator.get(
        url("network:organisation", slug=network.slug, pk=network.cluster.pk)
    ).content.decode()
    assert "<h1>Klaster Testowy</h1>" in html
    assert "How often it lies on the shortest paths between other organisations" in html
    assert "How much its partners are tied to one another" in html
    assert "Catalyst share" in html  # a cluster


def test_organisation_page_lists_its_ties_with_controls(
    facilitator: Client, network: Network
) -> None:
    tie = _tie_between(network.large, network.sme)
    html = facilitator.get(
        url("network:organisation", slug=network.slug, pk=network.sme.pk)
    ).content.decode()
    assert "Zakład Gamma" in html and "supply chain" in html and "Ankieta 2024" in html
    assert url("network:tie_edit", slug=network.slug, pk=tie.pk) in html
    assert url("network:tie_end", slug=network.slug, pk=tie.pk) in html
    assert url("network:tie_delete", slug=network.slug, pk=tie.pk) in html


def test_organisation_page_has_its_ego_map(facilitator: Client, network: Network) -> None:
    html = facilitator.get(
        url("network:organisation", slug=network.slug, pk=network.sme.pk)
    ).content.decode()
    data_url = url("network:map_data", slug=network.slug) + f"?ego={network.sme.pk}"
    assert f'data-url="{data_url}"' in html


def test_organisation_page_suggests_partners_with_reasons(
    facilitator: Client, network: Network
) -> None:
    html = facilitator.get(
        url("network:organisation", slug=network.slug, pk=network.sme_rd.pk)
    ).content.decode()
    section = html.split('id="suggestions-heading"', 1)[1]
    assert "Klaster Testowy" in section
    assert "both cooperate with Uczelnia Testowa" in section
    create = url("network:tie_create", slug=network.slug)
    assert f"{create}?organisation={network.sme_rd.pk}&amp;partner={network.cluster.pk}" in section


def test_organisation_added_after_the_analysis_has_a_page(
    facilitator: Client, world: World, network: Network
) -> None:
    newcomer = _org("Nowa Firma", K.SME, "PL814")
    _tie(world, newcomer, network.cluster, TieKind.CLUSTER_MEMBERSHIP)
    response = facilitator.get(url("network:organisation", slug=network.slug, pk=newcomer.pk))
    assert response.status_code == 200
    assert "not in the latest analysis yet" in response.content.decode()


def test_organisation_outside_the_network_is_404(
    facilitator: Client, world: World, network: Network
) -> None:
    outsider = _org("Firma Spoza", K.SME, "PL814")
    other_group = StakeholderGroupFactory.create()
    services.add_tie(
        group=other_group, source=outsider, target=network.cluster, kind="informal", actor=None
    )
    response = facilitator.get(url("network:organisation", slug=network.slug, pk=outsider.pk))
    assert response.status_code == 404


def test_coordinator_sees_the_tie_controls_too(
    client: Client, world: World, network: Network
) -> None:
    client.force_login(world.coordinator)
    html = client.get(
        url("network:organisation", slug=network.slug, pk=network.sme.pk)
    ).content.decode()
    assert "Edit" in html  # the coordinator manages every network


# --- the gaps report ------------------------------------------------------------------------


def test_gaps_lists_the_isolated_smes_with_their_partners(
    facilitator: Client, network: Network
) -> None:
    html = facilitator.get(url("network:gaps", slug=network.slug)).content.decode()
    section = html.split('id="gaps-heading"', 1)[1].split("</section>", 1)[0]
    rows = section.split("<tbody>", 1)[1]
    assert "2 isolated SMEs" in section
    gap_row = rows.split(network.gap.name, 1)[1].split("</tr>", 1)[0]
    assert "Tartak Gapowy" in gap_row
    assert url("network:organisation", slug=network.slug, pk=network.gap_partner.pk) in gap_row
    assert "Firma Alfa" not in rows


def test_gaps_count_the_partners_not_named(
    facilitator: Client, network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scaleup.network.views.GAP_PARTNERS_SHOWN", 0)
    html = facilitator.get(url("network:gaps", slug=network.slug)).content.decode()
    row = html.split(network.gap.name, 1)[1].split("</tr>", 1)[0]
    assert "and 1 more" in row and "Tartak Gapowy" not in row


def test_gaps_ranks_clusters_and_brokers(facilitator: Client, network: Network) -> None:
    html = facilitator.get(url("network:gaps", slug=network.slug)).content.decode()
    clusters = html.split('id="clusters-heading"', 1)[1].split("</section>", 1)[0]
    brokers = html.split('id="brokers-heading"', 1)[1].split("</section>", 1)[0]
    assert "Klaster Testowy" in clusters and "Uczelnia Testowa" not in clusters
    top = NodeScore.objects.filter(snapshot=network.snapshot).order_by("-brokerage").first()
    assert top is not None
    assert top.organisation.name in brokers
    assert "Tartak Gapowy" not in brokers  # brokerage 0


def test_gaps_without_analysis_says_so(facilitator: Client, world: World) -> None:
    html = facilitator.get(url("network:gaps", slug=world.lubelskie.group.slug)).content.decode()
    assert "No analysis of this network exists yet" in html


# --- exports --------------------------------------------------------------------------------


def _streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_export_parses_back(facilitator: Client, network: Network) -> None:
    response = facilitator.get(url("network:export_csv", slug=network.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_streamed(response))))
    assert {row["name"] for row in rows} == {o.name for o in network.organisations}
    gap = next(row for row in rows if row["name"] == network.gap.name)
    assert (gap["is_gap"], gap["kind"], gap["nuts_code"]) == ("true", "sme", "PL812")


def test_xlsx_export_has_the_scores_as_numbers(facilitator: Client, network: Network) -> None:
    rows = xlsx_rows(facilitator.get(url("network:export_xlsx", slug=network.slug)))
    header, *organisations = rows
    by_name = {
        row[header.index("name")]: dict(zip(header, row, strict=True)) for row in organisations
    }
    assert set(by_name) == {o.name for o in network.organisations}
    gap = by_name[network.gap.name]
    score = NodeScore.objects.get(snapshot=network.snapshot, organisation=network.gap)
    assert (gap["is_gap"], gap["kind"], gap["degree"]) == (True, "sme", score.degree)
    assert gap["weighted_degree"] == score.weighted_degree


def test_gexf_export_parses_back(facilitator: Client, network: Network) -> None:
    response = facilitator.get(url("network:export_gexf", slug=network.slug))
    assert response.status_code == 200
    root = ET.fromstring(_streamed(response))  # noqa: S314 - our own export, not untrusted
    ns = {"g": "http://gexf.net/1.3"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert {node.get("label") for node in nodes} == {o.name for o in network.organisations}
    # One edge per pair: the university and Firma Beta have two ties (R&D and a joint
    # project), one edge whose weight is the sum of theirs.
    assert Tie.objects.count() == 6
    assert len(edges) == network.snapshot.edges == 5


def test_exports_are_audited(facilitator: Client, world: World, network: Network) -> None:
    for name in ("network:export_csv", "network:export_gexf", "network:export_xlsx"):
        b"".join(facilitator.get(url(name, slug=network.slug)).streaming_content)  # type: ignore[attr-defined]
    entries = AuditEntry.objects.filter(action="network.exported").order_by("pk")
    assert [entry.data["format"] for entry in entries] == ["csv", "gexf", "xlsx"]
    assert all(entry.actor == world.lubelskie.facilitator for entry in entries)
    assert all(entry.tenant_id == world.lubelskie.partner.pk for entry in entries)


def test_export_before_any_analysis_goes_back_to_the_map(facilitator: Client, world: World) -> None:
    slug = world.lubelskie.group.slug
    response = facilitator.get(url("network:export_csv", slug=slug), follow=True)
    assert response.redirect_chain[-1][0] == url("network:map", slug=slug)
    assert "There is nothing to export yet" in response.content.decode()
    assert not AuditEntry.objects.filter(action="network.exported").exists()


# --- the index and the workspace links ------------------------------------------------------


def test_index_sends_a_facilitator_of_one_group_to_its_map(
    facilitator: Client, world: World
) -> None:
    response = facilitator.get(url("network:index"))
    assert response["Location"] == url("network:map", slug=world.lubelskie.group.slug)


def test_index_lists_the_groups_of_a_coordinator(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    html = client.get(url("network:index")).content.decode()
    for group in (world.lubelskie.group, world.attica.group):
        assert url("network:map", slug=group.slug) in html


def test_workspace_navigation_and_dashboard_link_the_network(
    facilitator: Client, world: World
) -> None:
    html = facilitator.get(url("workspace:dashboard")).content.decode()
    nav = html.split('class="workspace-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{url("network:index")}"' in nav and "Cooperation network" in nav
    assert f'href="{url("network:map", slug=world.lubelskie.group.slug)}"' in html


def test_members_see_no_network_link(client: Client, world: World) -> None:
    MembershipFactory.create(group=world.lubelskie.group)
    client.force_login(world.lubelskie.member)
    html = client.get(url("workspace:group", slug=world.lubelskie.group.slug)).content.decode()
    assert url("network:index") not in html


# --- found in review: another region's organisations stay unnamed ---------------------------


@pytest.fixture
def attica_secret(world: World) -> Any:
    secret = OrganisationFactory.create(name="Attica Secret SA")
    other = OrganisationFactory.create(name="Attica Partner SA")
    services.add_tie(
        group=world.attica.group, source=secret, target=other, kind="informal", actor=None
    )
    return secret


def _lubelskie_client(client: Client, world: World) -> Client:
    client.force_login(world.lubelskie.facilitator)
    return client


def test_ego_map_of_another_regions_organisation_is_404(
    client: Client, world: World, network: Network, attica_secret: Any
) -> None:
    response = _lubelskie_client(client, world).get(
        url("network:map_data", slug=network.slug) + f"?ego={attica_secret.pk}"
    )
    assert response.status_code == 404
    assert b"Attica Secret" not in response.content


def test_tie_form_does_not_name_another_regions_organisation(
    client: Client, world: World, network: Network, attica_secret: Any
) -> None:
    response = _lubelskie_client(client, world).get(
        url("network:tie_create", slug=network.slug)
        + f"?organisation={attica_secret.pk}&partner={network.sme.pk}"
    )
    assert response.status_code == 200
    assert "Attica Secret" not in response.content.decode()
    assert response.context["form"].initial == {"partner": network.sme.name}


def test_gexf_survives_characters_xml_forbids(world: World, network: Network) -> None:
    network.sme.name = 'Firma \x0bAlfa & "syn" <x>'
    network.sme.save()
    from scaleup.network.exports import gexf_chunks

    root = ET.fromstring("".join(gexf_chunks(network.snapshot)))  # noqa: S314 - our own
    labels = {node.get("label") for node in root.iter("{http://gexf.net/1.3}node")}
    assert 'Firma Alfa & "syn" <x>' in labels


def test_map_says_a_failed_analysis_is_tried_again(facilitator: Client, network: Network) -> None:
    from django.utils import timezone

    from scaleup.network.models import AnalysisState

    AnalysisState.objects.update_or_create(
        group_id=network.snapshot.group_id,
        defaults={
            "pending": True,
            "requested_at": timezone.now(),
            "failures": 1,
            "retry_at": timezone.now(),
        },
    )
    html = facilitator.get(url("network:map", slug=network.slug)).content.decode()
    assert "The last computation failed. It is tried again at" in html
