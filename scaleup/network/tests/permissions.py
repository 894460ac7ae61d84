"""The cooperation-network pages: staff of the group's region (Lubelskie facilitator,
coordinator, site administrator) read (`network:view`) and change (`network:manage`) its
network; Attica's facilitator gets 404, members and outsiders 403, anonymous visitors are
sent to sign in. Every row builds what it needs in Lubelskie's group; POST bodies are valid,
so the staff get the success redirect.

The index redirects a person with one group to its map and lists the groups otherwise (the
coordinator and the site administrator see both regions).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from scaleup.access.tests.matrix import REDIRECT, Row, staff
from scaleup.network import services
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import Organisation, OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.world import World


def _group(world: World) -> dict[str, Any]:
    return {"slug": world.lubelskie.group.slug}


def _partner(world: World, name: str = "Partner sieci") -> Organisation:
    return Organisation.objects.filter(name=name).first() or OrganisationFactory.create(
        name=name, kind=OrganisationKind.UNIVERSITY
    )


def _tie(world: World) -> Tie:
    """A tie of Lubelskie's member organisation (a new one for every row)."""
    return services.add_tie(
        group=world.lubelskie.group,
        source=world.lubelskie.organisation,
        target=OrganisationFactory.create(kind=OrganisationKind.SME),
        kind=TieKind.JOINT_PROJECT,
        actor=None,
    )


def _analysed(world: World) -> dict[str, Any]:
    """Lubelskie's group with a few ties and their analysis."""
    if not Tie.objects.filter(group=world.lubelskie.group).exists():
        _tie(world)
        services.add_tie(
            group=world.lubelskie.group,
            source=world.lubelskie.organisation,
            target=_partner(world),
            kind=TieKind.RD_COOPERATION,
            actor=None,
        )
        services.analyse(group=world.lubelskie.group)
    return _group(world)


def _organisation(world: World) -> dict[str, Any]:
    return _analysed(world) | {"pk": world.lubelskie.organisation.pk}


def _tie_kwargs(world: World) -> dict[str, Any]:
    return _group(world) | {"pk": _tie(world).pk}


def _new_tie(world: World) -> dict[str, Any]:
    return {
        "organisation": world.lubelskie.organisation.name,
        "partner": _partner(world).name,
        "kind": TieKind.INFORMAL,
        "weight": "2",
        "valid_from": "",
        "valid_to": "",
        "source_name": "Spotkanie grupy",
        "evidence": "",
    }


def _tie_changes(world: World) -> dict[str, Any]:
    return {
        "kind": TieKind.JOINT_PROJECT,
        "weight": "3",
        "valid_from": "2021-01-01",
        "valid_to": "",
        "source_name": "Ankieta",
        "evidence": "Wspólny projekt",
    }


def _import_file(world: World) -> dict[str, Any]:
    partner = _partner(world)
    text = (
        "organisation,partner,kind,weight\n"
        f"{world.lubelskie.organisation.name},{partner.name},joint_project,2\n"
    )
    return {"file": SimpleUploadedFile("ties.csv", text.encode(), content_type="text/csv")}


# A person with one group is sent to its map; the coordinator and the site administrator,
# who see both regions, get the list.
INDEX = staff(REDIRECT, other_region=REDIRECT) | {"coordinator": 200, "site_admin": 200}

ROWS = [
    Row("network:index", get=INDEX),
    Row("network:map", get=staff(200), kwargs=_group, notes="before any analysis: a notice"),
    Row("network:map", get=staff(200), kwargs=_analysed, variant="analysed"),
    Row(
        "network:map",
        get=staff(200),
        kwargs=_analysed,
        query="?kind=sme&region=PL81&sector=x&community=0&limit=5&sort=name&page=2",
        variant="filtered",
    ),
    Row("network:map_data", get=staff(200), kwargs=_analysed),
    Row(
        "network:map_data",
        get=staff(200),
        kwargs=_analysed,
        query=lambda world: f"?ego={world.lubelskie.organisation.pk}",
        variant="ego",
        notes="the ego network of an organisation of the group",
    ),
    Row("network:organisation", get=staff(200), kwargs=_organisation),
    Row("network:gaps", get=staff(200), kwargs=_analysed),
    Row("network:export_csv", get=staff(200), kwargs=_analysed, notes="audited"),
    Row("network:export_xlsx", get=staff(200), kwargs=_analysed, notes="audited"),
    Row("network:ties_export_xlsx", get=staff(200), kwargs=_analysed),
    Row("network:export_gexf", get=staff(200), kwargs=_analysed, notes="audited"),
    Row(
        "network:export_csv",
        get=staff(REDIRECT),
        kwargs=_group,
        variant="not_analysed",
        notes="nothing to export: back to the map with a message",
    ),
    Row(
        "network:tie_create",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_group,
        data=_new_tie,
    ),
    Row(
        "network:tie_create",
        get=staff(200),
        kwargs=_group,
        query="?organisation=1&partner=x",
        variant="preselected",
    ),
    Row(
        "network:tie_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_tie_kwargs,
        data=_tie_changes,
    ),
    Row("network:tie_end", get=staff(405), post=staff(REDIRECT), kwargs=_tie_kwargs),
    Row("network:tie_delete", get=staff(200), post=staff(REDIRECT), kwargs=_tie_kwargs),
    Row(
        "network:ties_import",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_group,
        data=_import_file,
    ),
]
