from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from scaleup.indicators import selectors
from scaleup.indicators.catalogue import ensure_catalogue
from scaleup.indicators.models import Indicator
from scaleup.jobs.models import Job
from scaleup.meetings.models import Meeting, Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: World) -> None:
    ensure_catalogue(Indicator)
    meeting = MeetingFactory.create(
        group=world.lubelskie.group, past=True, format=Meeting.Format.STUDY_VISIT
    )
    RegistrationFactory.create_batch(
        3, meeting=meeting, status=Registration.Status.CONFIRMED, attended=True
    )


def _meetings_semester(world: World) -> int:
    """The semester of the fixture's past meeting, so that its attendance counts."""
    day = timezone.localdate() - dt.timedelta(days=30)
    semesters = selectors.project_semesters(world.project)
    return next(s.number for s in semesters if s.starts_on <= day <= s.ends_on)


def _expected(world: World, partners: list[Any]) -> dict[str, list[float]]:
    project = world.project
    period = selectors.period_of(project)
    table = selectors.indicator_table(project=project, partners=partners, period=period)
    number = _meetings_semester(world)
    return {
        row["indicator"].code: [float(cell["value"]) for cell in row["cells"]]
        for row in selectors.semester_values(table, number)
    }


@pytest.mark.usefixtures("catalogue")
def test_facilitator_reads_their_partners_values_without_the_projects(
    world: World, api_as: Any
) -> None:
    path = f"/api/v1/indicators?semester={_meetings_semester(world)}"
    body = api_as(world.lubelskie.facilitator).get(path).json()
    figures = {row["code"]: row for row in body["indicators"]}
    assert figures
    for code, values in _expected(world, [world.lubelskie.partner]).items():
        assert [cell["value"] for cell in figures[code]["partners"]] == values
        assert {cell["partner"] for cell in figures[code]["partners"]} == {
            world.lubelskie.partner.pk
        }
        assert figures[code]["project"] is None


@pytest.mark.usefixtures("catalogue")
def test_coordinator_reads_every_partner_and_the_project(world: World, api_as: Any) -> None:
    path = f"/api/v1/indicators?semester={_meetings_semester(world)}"
    body = api_as(world.coordinator).get(path).json()
    partners = {cell["partner"] for cell in body["indicators"][0]["partners"]}
    assert partners == {world.lubelskie.partner.pk, world.attica.partner.pk}
    assert body["indicators"][0]["project"] is not None
    people = sum(cell["value"] for row in body["indicators"] for cell in row["partners"])
    assert people >= 3, "the three who attended the study visit count"


@pytest.mark.usefixtures("catalogue")
def test_member_may_not_read_indicators(world: World, api_as: Any) -> None:
    assert api_as(world.lubelskie.member).get("/api/v1/indicators").status_code == 403


@pytest.mark.usefixtures("catalogue")
def test_unknown_semester_is_pointed_at(world: World, api_as: Any) -> None:
    response = api_as(world.coordinator).get("/api/v1/indicators?semester=39")
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/query/semester"


@pytest.mark.usefixtures("catalogue")
def test_coordinator_makes_the_project_report_through_the_api(
    world: World, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_as(world.coordinator)
    number = selectors.project_semesters(world.project)[-1].number
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/api/v1/reports/semester", {"semester": number, "file_format": "pdf"}
        )
    assert started.status_code == 202, started.content
    job = client.get(started["Location"]).json()
    assert job["state"] == Job.State.DONE, job
    document = client.get(job["file"])
    assert document.status_code == 200
    assert b"".join(document.streaming_content).startswith(b"%PDF")


@pytest.mark.usefixtures("catalogue")
def test_facilitator_may_not_make_the_whole_projects_report(world: World, api_as: Any) -> None:
    number = selectors.project_semesters(world.project)[-1].number
    response = api_as(world.lubelskie.facilitator).post(
        "/api/v1/reports/semester", {"semester": number}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/who"
    assert not Job.objects.exists()


@pytest.mark.usefixtures("catalogue")
def test_someone_elses_job_is_not_found(
    world: World, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    number = selectors.project_semesters(world.project)[-1].number
    started = api_as(world.coordinator).post("/api/v1/reports/semester", {"semester": number})
    assert api_as(world.site_admin).get(started["Location"]).status_code == 404
