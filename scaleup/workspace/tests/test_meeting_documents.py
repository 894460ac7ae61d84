"""A meeting's papers: the attendance list to sign and the minutes with the workshops'
opinion groups and consensus, as PDF and DOCX in Polish and English; each download audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from scaleup.core.models import AuditEntry
from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.tests.factories import ConversationFactory
from scaleup.dialogue.tests.test_projector_pages import CAMP_A, _two_camps
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import RegistrationFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World
from scaleup.workspace.meeting_documents import BLANK_ROWS, attendance_list, minutes

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(document: Any, heading: str) -> list[list[str]]:
    section = next(s for s in document.sections if s.heading == heading)
    return section.table.rows if section.table else []


def test_the_attendance_list_names_the_confirmed_people_in_order(world: World) -> None:
    meeting = world.lubelskie.meeting
    meeting.registrations.all().delete()
    for name in ("Zofia Nowak", "adam Wiśniewski", "Barbara Lis"):
        RegistrationFactory.create(meeting=meeting, full_name=name)
    RegistrationFactory.create(
        meeting=meeting, full_name="Czeka Wciąż", status=Registration.Status.WAITLISTED
    )
    RegistrationFactory.create(
        meeting=meeting, full_name="Odwołał Się", status=Registration.Status.CANCELLED
    )
    rows = _rows(attendance_list(meeting, "pl"), "Uczestnicy")
    assert [row[1] for row in rows[:3]] == ["adam Wiśniewski", "Barbara Lis", "Zofia Nowak"]
    assert rows[3:] == [[str(n), "", "", ""] for n in range(4, 4 + BLANK_ROWS)]


def test_the_attendance_list_pdf_has_a_signature_column(world: World) -> None:
    import pypdfium2

    RegistrationFactory.create(meeting=world.lubelskie.meeting, full_name="Zofia Nowak")
    response = _client(world.lubelskie.facilitator).get(
        url(
            "workspace:meeting_document",
            pk=world.lubelskie.meeting.pk,
            paper="attendance-list",
            file_format="pdf",
        ),
        {"lang": "pl"},
    )
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    assert "Lista obecności" in text and "Podpis" in text and "Zofia Nowak" in text
    entry = AuditEntry.objects.get(action="meetings.attendance_list.exported")
    assert entry.data == {"language": "pl"}


def test_the_minutes_count_attendance_by_kind_of_organisation(world: World) -> None:
    meeting = world.lubelskie.meeting
    meeting.registrations.all().delete()
    for kind, organisation in (("sme", "Firma A"), ("sme", "firma  a"), ("university", "UMCS")):
        RegistrationFactory.create(
            meeting=meeting, organisation_kind=kind, organisation_name=organisation, attended=True
        )
    document = minutes(meeting, "en")
    attendance = next(s for s in document.sections if s.heading == "Attendance")
    assert attendance.paragraphs == ["People present: 3; organisations: 2."]
    assert attendance.table is not None
    assert [row[1] for row in attendance.table.rows] == ["2", "1"]


def test_the_minutes_carry_the_workshops_groups_and_consensus(world: World) -> None:
    conversation = ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting, question="How?"
    )
    _two_camps(conversation)
    dialogue_services.recompute(conversation=conversation)
    document = minutes(world.lubelskie.meeting, "en")
    rows = _rows(document, "Workshop: How?")
    whos = {row[0] for row in rows}
    assert {"Group A (6)", "Group B (6)"} <= whos
    assert any(row[2] in CAMP_A and row[1].endswith("% agree") for row in rows)


def test_a_workshop_without_a_map_says_so(world: World) -> None:
    ConversationFactory.create(
        group=world.lubelskie.group, meeting=world.lubelskie.meeting, question="Later?"
    )
    section = next(
        s
        for s in minutes(world.lubelskie.meeting, "en").sections
        if s.heading == "Workshop: Later?"
    )
    assert section.paragraphs[-1] == "The workshop has no opinion map yet."


def test_the_minutes_docx_parses_back(world: World) -> None:
    from docx import Document

    response = _client(world.coordinator).get(
        url(
            "workspace:meeting_document",
            pk=world.lubelskie.meeting.pk,
            paper="minutes",
            file_format="docx",
        ),
        {"lang": "en"},
    )
    document = Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Minutes of the meeting" in texts and "Agenda" in texts


def test_an_unknown_paper_or_language_is_not_found(world: World) -> None:
    client = _client(world.lubelskie.facilitator)
    pk = world.lubelskie.meeting.pk
    for name, file_format, lang in (
        ("diary", "pdf", "pl"),
        ("minutes", "odt", "pl"),
        ("minutes", "pdf", "de"),
    ):
        response = client.get(
            url("workspace:meeting_document", pk=pk, paper=name, file_format=file_format),
            {"lang": lang},
        )
        assert response.status_code == 404
