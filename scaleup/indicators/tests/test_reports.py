"""The semester progress report: its figures are the hand-counted ones, both files parse
back, and the coordinator gets it through a job from the indicators page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from scaleup.core.documents import Document, Section
from scaleup.indicators import reports
from scaleup.indicators.models import Period
from scaleup.indicators.selectors import indicator_table
from scaleup.jobs.models import Job
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _report(project: Any, *, partners: str = "ab", language: str = "en") -> Document:
    instance, a, b = project
    chosen = [partner for name, partner in (("a", a), ("b", b)) if name in partners]
    table = indicator_table(project=instance, partners=chosen, period=Period.INTERREG_2021_2027)
    return reports.build(table, number=3, language=language)


def _section(report: Document, heading: str) -> Section:
    return next(section for section in report.sections if section.heading == heading)


def test_the_project_report_holds_the_hand_counted_figures(project: Any) -> None:
    indicators = _section(_report(project), "Indicators").table
    assert indicators is not None
    rows = {row[0]: row[2:] for row in indicators.rows}
    # Semester 3 and since the start (see test_selectors.py for the records behind them).
    assert rows["RCO87"] == ["1", "4"]
    assert rows["RCO116"] == ["1", "3"]
    assert rows["RCR104"] == ["1", "1"]


def test_the_project_report_has_each_partners_column(project: Any) -> None:
    per_partner = _section(_report(project), "Indicators per partner").table
    assert per_partner is not None
    assert per_partner.headers == ["Code", "A", "B"]
    assert dict((row[0], row[1:]) for row in per_partner.rows)["RCO87"] == ["1", "0"]


def test_a_partners_report_lists_its_semesters_activity(project: Any) -> None:
    report = _report(project, partners="a")
    meetings = _section(report, "Meetings and attendance").table
    assert meetings is not None
    # The peer review of 1 September 2020: Anna and Filip, of O1 and O3.
    assert [row[1:] for row in meetings.rows] == [
        ["A", meetings.rows[0][2], "peer review", "2", "2"]
    ]
    steps = _section(report, "Recommendations").table
    assert steps is not None
    assert [row[3] for row in steps.rows] == [
        "accepted",
        "draft",
        "under discussion",
        "endorsed by the group",
    ]
    notes = _section(report, "Action plan monitoring").table
    assert notes is not None and [row[3] for row in notes.rows] == ["on track"]
    practices = _section(report, "Good practices identified")
    assert practices.table is None and practices.paragraphs == ["Nothing in this semester."]


def test_the_docx_parses_back_with_its_tables(project: Any) -> None:
    from docx import Document

    content = reports.render(_report(project), file_format="docx", language="en")
    document = Document(io.BytesIO(content))
    headings = [
        p.text for p in document.paragraphs if p.style and str(p.style.name).startswith("Heading")
    ]
    assert "Indicators" in headings and "Action plan monitoring" in headings
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == [
        "Code",
        "Indicator",
        "This semester",
        "Since the start",
    ]
    codes = [row.cells[0].text for row in first.rows[1:]]
    assert codes == ["RCO83", "RCO87", "RCO116", "RCR79", "RCR84", "RCR104"]


def test_the_pdf_parses_back_in_polish(project: Any) -> None:
    import pypdfium2

    content = reports.render(_report(project, language="pl"), file_format="pdf", language="pl")
    document = pypdfium2.PdfDocument(content)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    assert "Sprawozdanie z postępów za semestr" in text
    assert "Organizacje współpracujące ponad granicami" in text


def test_the_coordinator_gets_the_project_report_through_a_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("indicators:report", "en"),
            {
                "who": "project",
                "semester": "1",
                "file_format": "docx",
                "language": "en",
                "period": "2014-2020",
            },
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.state == Job.State.DONE, (job.error, job.attempts)
    assert job.file.name.endswith(".docx")
    download = client.get(url("jobs:download", "en", job_id=job.pk))
    assert download.status_code == 200


def test_a_facilitator_cannot_ask_for_the_whole_project(world: World) -> None:
    client = Client()
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("indicators:report", "en"),
        {
            "who": "project",
            "semester": "1",
            "file_format": "pdf",
            "language": "pl",
            "period": "2014-2020",
        },
    )
    assert not Job.objects.exists()
    # The page again, with the form as sent and the reason, not a redirect that drops it.
    assert response.status_code == 400
    form = response.context["report_form"]
    assert form.data["language"] == "pl"
    assert "who" in form.errors
    assert response.context["table"].period == "2014-2020"


def test_another_regions_partner_is_not_a_choice(world: World) -> None:
    client = Client()
    client.force_login(world.attica.facilitator)
    client.post(
        url("indicators:report", "en"),
        {
            "who": str(world.lubelskie.partner.pk),
            "semester": "1",
            "file_format": "pdf",
            "language": "pl",
            "period": "2014-2020",
        },
    )
    assert not Job.objects.exists()


def test_the_report_is_of_the_chosen_programme_period(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("indicators:report", "en"),
            {
                "who": "project",
                "semester": "1",
                "file_format": "docx",
                "language": "en",
                "period": "2021-2027",
            },
        )
    assert Job.objects.get().params["period"] == "2021-2027"
