"""Entering, correcting, ending, deleting and importing ties through the pages: bad input is
shown with a clear message and nothing is saved."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from scaleup.core.models import AuditEntry
from scaleup.network import forms, services
from scaleup.network.models import Tie, TieKind
from scaleup.network.selectors import tie_form_names
from scaleup.stakeholders.models import Organisation, OrganisationKind
from scaleup.stakeholders.tests.factories import MembershipFactory, OrganisationFactory
from scaleup.testing.urls import url as url_in
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

K = OrganisationKind


def url(name: str, **kwargs: Any) -> str:
    return url_in(name, "en", **kwargs)


@pytest.fixture
def facilitator(client: Client, world: World) -> Client:
    client.force_login(world.lubelskie.facilitator)
    return client


@pytest.fixture
def firm() -> Organisation:
    return OrganisationFactory.create(name="Firma Alfa", kind=K.SME, pic="999888777")


@pytest.fixture
def university() -> Organisation:
    return OrganisationFactory.create(name="Uczelnia Testowa", kind=K.UNIVERSITY)


@pytest.fixture
def cluster() -> Organisation:
    return OrganisationFactory.create(name="Klaster Testowy", kind=K.CLUSTER)


def _form(**fields: Any) -> dict[str, Any]:
    return {
        "organisation": "Firma Alfa",
        "partner": "Uczelnia Testowa",
        "kind": TieKind.RD_COOPERATION,
        "weight": "2",
        "valid_from": "2023-01-01",
        "valid_to": "",
        "source_name": "Spotkanie grupy",
        "evidence": "Wspólne badania",
    } | fields


def _post_tie(client: Client, world: World, **fields: Any) -> Any:
    return client.post(url("network:tie_create", slug=world.lubelskie.group.slug), _form(**fields))


def _tie(world: World, source: Organisation, target: Organisation, **fields: Any) -> Tie:
    return services.add_tie(
        group=world.lubelskie.group,
        source=source,
        target=target,
        kind=fields.pop("kind", TieKind.JOINT_PROJECT),
        actor=None,
        **fields,
    )


# --- adding a tie ---------------------------------------------------------------------------


def test_a_tie_is_added_and_shown_on_the_organisation_page(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    response = _post_tie(facilitator, world)
    page = url("network:organisation", slug=world.lubelskie.group.slug, pk=firm.pk)
    assert response.status_code == 302
    assert response["Location"] == page
    tie = Tie.objects.get()
    assert (tie.group, tie.kind, tie.weight) == (world.lubelskie.group, "rd_cooperation", 2.0)
    assert (tie.valid_from, tie.source_name) == (dt.date(2023, 1, 1), "Spotkanie grupy")
    assert tie.created_by == world.lubelskie.facilitator
    assert AuditEntry.objects.filter(action="network.tie.created").count() == 1
    html = facilitator.get(page).content.decode()
    assert "The tie between Firma Alfa and Uczelnia Testowa is recorded." in html
    assert "Uczelnia Testowa" in html.split('id="ties-heading"', 1)[1]


def test_organisations_may_be_named_by_pic_or_in_another_case(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    _post_tie(facilitator, world, organisation="999888777", partner="uczelnia testowa")
    tie = Tie.objects.get()
    assert {tie.source, tie.target} == {firm, university}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"partner": "Firma Alfa"}, "An organisation cannot have a tie to itself."),
        ({"weight": "-1"}, "The weight must be a number greater than zero."),
        ({"weight": "0"}, "The weight must be a number greater than zero."),
        ({"weight": "nan"}, "Enter a number."),
        (
            {"kind": TieKind.CLUSTER_MEMBERSHIP},
            "Cluster membership is a tie to a cluster organisation; Uczelnia Testowa is not one.",
        ),
        ({"partner": "Firma Nieznana"}, "No organisation is called Firma Nieznana."),
        ({"organisation": ""}, "This field is required."),
        ({"kind": "friendship"}, "Select a valid choice."),
        ({"valid_to": "2022-12-31"}, "The end date is before the start date."),
    ],
)
def test_a_bad_tie_is_refused_with_a_message(
    facilitator: Client,
    world: World,
    firm: Organisation,
    university: Organisation,
    fields: dict[str, Any],
    message: str,
) -> None:
    response = _post_tie(facilitator, world, **fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "Please correct the following:" in html
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="network.").exists()


def test_the_same_tie_twice_is_refused(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    _tie(world, firm, university, kind=TieKind.RD_COOPERATION, valid_from=dt.date(2023, 1, 1))
    # Entered the other way round: undirected ties are the same tie.
    response = _post_tie(facilitator, world, organisation="Uczelnia Testowa", partner="Firma Alfa")
    assert "This tie is already recorded in the group&#x27;s network." in response.content.decode()
    assert Tie.objects.count() == 1


def test_cluster_membership_to_a_cluster_is_accepted(
    facilitator: Client, world: World, firm: Organisation, cluster: Organisation
) -> None:
    _post_tie(facilitator, world, partner="Klaster Testowy", kind=TieKind.CLUSTER_MEMBERSHIP)
    tie = Tie.objects.get()
    assert (tie.source, tie.target) == (firm, cluster)


def test_the_form_preselects_the_organisations(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    MembershipFactory.create(group=world.lubelskie.group, organisation=firm)
    _tie(world, university, world.lubelskie.organisation)
    html = facilitator.get(
        url("network:tie_create", slug=world.lubelskie.group.slug),
        {"organisation": firm.pk, "partner": university.pk},
    ).content.decode()
    assert 'name="organisation" value="Firma Alfa"' in html
    assert 'name="partner" value="Uczelnia Testowa"' in html


def test_the_form_suggests_members_and_network_organisations_not_all(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    MembershipFactory.create(group=world.lubelskie.group, organisation=firm)
    _tie(world, university, world.lubelskie.organisation)
    services.analyse(group=world.lubelskie.group)
    OrganisationFactory.create(name="Firma Spoza Sieci")
    html = facilitator.get(
        url("network:tie_create", slug=world.lubelskie.group.slug)
    ).content.decode()
    datalist = html.split(f'<datalist id="{forms.ORGANISATIONS_DATALIST}">', 1)[1].split(
        "</datalist>"
    )[0]
    assert '<option value="Firma Alfa">' in datalist
    assert '<option value="Uczelnia Testowa">' in datalist
    assert "Firma Spoza Sieci" not in datalist
    assert f'list="{forms.ORGANISATIONS_DATALIST}"' in html


def test_the_suggestions_are_bounded(world: World) -> None:
    for _ in range(5):
        MembershipFactory.create(group=world.lubelskie.group)
    assert len(tie_form_names(world.lubelskie.group, limit=3)) == 3


# --- editing, ending and deleting -----------------------------------------------------------


def test_a_tie_is_edited_and_the_page_returns_to_next(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    tie = _tie(world, firm, university)
    back = url("network:organisation", slug=world.lubelskie.group.slug, pk=university.pk)
    response = facilitator.post(
        url("network:tie_edit", slug=world.lubelskie.group.slug, pk=tie.pk),
        _form(weight="4.5", evidence="Trzy projekty", next=back),
    )
    assert response["Location"] == back
    tie.refresh_from_db()
    assert (tie.weight, tie.kind, tie.evidence) == (4.5, "rd_cooperation", "Trzy projekty")
    assert AuditEntry.objects.filter(action="network.tie.updated").exists()


def test_next_elsewhere_is_ignored(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    tie = _tie(world, firm, university)
    response = facilitator.post(
        url("network:tie_edit", slug=world.lubelskie.group.slug, pk=tie.pk),
        _form(next="https://evil.example/"),
    )
    assert response["Location"] == url(
        "network:organisation", slug=world.lubelskie.group.slug, pk=tie.source_id
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weight": "-3"}, "The weight must be a number greater than zero."),
        (
            {"kind": TieKind.CLUSTER_MEMBERSHIP},
            "Cluster membership is a tie to a cluster organisation; Uczelnia Testowa is not one.",
        ),
        ({"valid_from": "2024-05-01", "valid_to": "2024-04-30"}, "The end date is before"),
    ],
)
def test_a_bad_edit_is_refused_with_a_message(
    facilitator: Client,
    world: World,
    firm: Organisation,
    university: Organisation,
    fields: dict[str, Any],
    message: str,
) -> None:
    tie = _tie(world, firm, university, weight=2.0)
    response = facilitator.post(
        url("network:tie_edit", slug=world.lubelskie.group.slug, pk=tie.pk), _form(**fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    tie.refresh_from_db()
    assert (tie.weight, tie.kind) == (2.0, TieKind.JOINT_PROJECT)


def test_a_tie_of_another_group_is_404(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    other = services.add_tie(
        group=world.attica.group, source=firm, target=university, kind="informal", actor=None
    )
    for name in ("network:tie_edit", "network:tie_delete"):
        response = facilitator.get(url(name, slug=world.lubelskie.group.slug, pk=other.pk))
        assert response.status_code == 404
    response = facilitator.post(
        url("network:tie_end", slug=world.lubelskie.group.slug, pk=other.pk)
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.valid_to is None


def test_a_tie_is_ended_today(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    tie = _tie(world, firm, university)
    page = url("network:organisation", slug=world.lubelskie.group.slug, pk=firm.pk)
    response = facilitator.post(
        url("network:tie_end", slug=world.lubelskie.group.slug, pk=tie.pk), {"next": page}
    )
    assert response["Location"] == page
    tie.refresh_from_db()
    assert tie.valid_to == timezone.localdate()
    html = facilitator.get(page).content.decode()
    assert "recorded as ended today" in html
    assert url("network:tie_end", slug=world.lubelskie.group.slug, pk=tie.pk) not in html


def test_a_tie_that_starts_later_cannot_end_today(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    tie = _tie(world, firm, university, valid_from=timezone.localdate() + dt.timedelta(days=30))
    response = facilitator.post(
        url("network:tie_end", slug=world.lubelskie.group.slug, pk=tie.pk), follow=True
    )
    assert "The end date is before the start date." in response.content.decode()
    tie.refresh_from_db()
    assert tie.valid_to is None


def test_deleting_a_tie_asks_first(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    tie = _tie(world, firm, university)
    page = url("network:tie_delete", slug=world.lubelskie.group.slug, pk=tie.pk)
    html = facilitator.get(page).content.decode()
    assert "Delete the tie" in html and "Firma Alfa" in html
    assert Tie.objects.filter(pk=tie.pk).exists()
    back = url("network:organisation", slug=world.lubelskie.group.slug, pk=firm.pk)
    response = facilitator.post(page, {"next": back})
    assert response["Location"] == back
    assert not Tie.objects.filter(pk=tie.pk).exists()
    assert AuditEntry.objects.filter(action="network.tie.deleted").exists()


# --- importing ------------------------------------------------------------------------------


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _import(client: Client, world: World, upload: Any, **fields: Any) -> Any:
    return client.post(
        url("network:ties_import", slug=world.lubelskie.group.slug), {"file": upload, **fields}
    )


GOOD = (
    "organisation,partner,kind,weight,valid_from\n"
    "Firma Alfa,Uczelnia Testowa,rd_cooperation,2,2023-01-01\n"
    "Firma Alfa,Klaster Testowy,członkostwo w klastrze,,\n"
)


def test_a_file_of_ties_is_imported(
    facilitator: Client,
    world: World,
    firm: Organisation,
    university: Organisation,
    cluster: Organisation,
) -> None:
    _tie(world, firm, university, kind=TieKind.RD_COOPERATION, valid_from=dt.date(2023, 1, 1))
    response = _import(facilitator, world, _upload("ankieta.csv", GOOD))
    assert response["Location"] == url("network:map", slug=world.lubelskie.group.slug)
    assert Tie.objects.count() == 2
    assert Tie.objects.get(target=cluster).source_name == "ankieta.csv"
    html = facilitator.get(response["Location"]).content.decode()
    assert "Ties imported: 1 new, 1 updated." in html


def test_an_xlsx_file_is_imported(
    facilitator: Client, world: World, firm: Organisation, university: Organisation
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["organisation", "partner", "kind"])
    sheet.append(["Firma Alfa", "Uczelnia Testowa", "joint project"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("ties.xlsx", buffer.getvalue())
    assert _import(facilitator, world, upload).status_code == 302
    assert Tie.objects.get().kind == TieKind.JOINT_PROJECT


def test_every_problem_of_a_file_is_listed_by_row_and_nothing_saved(
    facilitator: Client,
    world: World,
    firm: Organisation,
    university: Organisation,
    cluster: Organisation,
) -> None:
    text = (
        "organisation,partner,kind,weight\n"
        "Firma Alfa,Uczelnia Testowa,rd_cooperation,2\n"
        "Firma Alfa,Firma Alfa,informal,1\n"
        "Firma Alfa,Uczelnia Testowa,cluster_membership,1\n"
        "Firma Nieznana,Klaster Testowy,joint_project,-2\n"
    )
    response = _import(facilitator, world, _upload("ties.csv", text))
    html = response.content.decode()
    assert response.status_code == 200
    assert "problems found; nothing was imported." in html
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert (
        "<tr><td>3</td><td>partner</td><td>An organisation cannot have a tie to itself.</td></tr>"
        in rows
    )
    assert "<td>4</td><td>partner</td><td>Cluster membership is a tie to a cluster" in rows
    assert "<td>5</td><td>organisation</td><td>No organisation is called Firma Nieznana" in rows
    assert "<td>5</td><td>weight</td><td>The weight must be a number greater than zero." in rows
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="network.").exists()


def test_a_file_with_a_wrong_header_is_refused(facilitator: Client, world: World) -> None:
    html = _import(facilitator, world, _upload("ties.csv", "firma,partner\nA,B\n")).content.decode()
    assert "Unknown column firma" in html
    assert "The required column organisation is missing." in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_upload("ties.txt", GOOD), "Upload a .csv or .xlsx file; ties.txt is neither."),
        (_upload("ties.csv", ""), "The submitted file is empty."),
        (SimpleUploadedFile("ties.xlsx", b"not a workbook"), "ties.xlsx is not a readable XLSX"),
        (SimpleUploadedFile("ties.csv", "Zażółć".encode("cp1250")), "ties.csv is not UTF-8 text"),
    ],
)
def test_an_unreadable_file_is_refused(
    facilitator: Client, world: World, upload: Any, message: str
) -> None:
    response = _import(facilitator, world, upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Tie.objects.exists()


def test_a_too_large_file_is_refused(
    facilitator: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forms, "IMPORT_MAX_BYTES", 10)
    html = _import(facilitator, world, _upload("ties.csv", GOOD)).content.decode()
    assert "The file is too large" in html
    assert "scaleup import-ties" in html


def test_a_dry_run_saves_nothing(
    facilitator: Client,
    world: World,
    firm: Organisation,
    university: Organisation,
    cluster: Organisation,
) -> None:
    response = _import(facilitator, world, _upload("ties.csv", GOOD), dry_run="on")
    assert response["Location"] == url("network:ties_import", slug=world.lubelskie.group.slug)
    assert not Tie.objects.exists()
    html = facilitator.get(response["Location"]).content.decode()
    assert "The file is valid: 2 ties would be imported. Nothing saved." in html
