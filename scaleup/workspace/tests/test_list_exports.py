"""The workspace's lists as XLSX: the rows the page lists, parsed back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from scaleup.core.audit import record
from scaleup.core.models import AuditEntry
from scaleup.dialogue.tests.factories import ConversationFactory, StatementFactory
from scaleup.news.tests.factories import PostFactory
from scaleup.stakeholders.models import Application
from scaleup.stakeholders.tests.factories import ApplicationFactory
from scaleup.testing.spreadsheets import xlsx_rows
from scaleup.testing.world import World
from scaleup.workspace.tests.factories import PDF, make_document, make_invitation

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_applications_export_lists_the_filtered_applications_and_is_logged(
    world: World,
) -> None:
    ApplicationFactory.create(
        group=world.lubelskie.group,
        organisation_name="=HYPERLINK()",
        status="rejected",
        decided_at=timezone.now(),
    )
    response = _client(world.lubelskie.facilitator).get(
        "/en/workspace/applications.xlsx?status=pending"
    )
    rows = xlsx_rows(response)
    assert rows[0][2] == "organisation"
    names = [row[2] for row in rows[1:]]
    pending = Application.objects.filter(group__partner=world.lubelskie.partner, status="pending")
    assert sorted(names) == sorted(a.organisation_name for a in pending)
    assert "=HYPERLINK()" not in names
    assert AuditEntry.objects.filter(action="workspace.applications.exported").exists()


def test_applications_export_leaves_out_other_regions(world: World) -> None:
    rows = xlsx_rows(_client(world.lubelskie.facilitator).get("/en/workspace/applications.xlsx"))
    assert world.attica.application.organisation_name not in [row[2] for row in rows]


def test_a_formula_like_name_stays_text(world: World) -> None:
    ApplicationFactory.create(group=world.lubelskie.group, organisation_name="=1+1")
    rows = xlsx_rows(_client(world.lubelskie.facilitator).get("/en/workspace/applications.xlsx"))
    assert "=1+1" in [row[2] for row in rows]


def test_meetings_export_has_the_seats(world: World) -> None:
    rows = xlsx_rows(_client(world.lubelskie.facilitator).get("/en/workspace/meetings.xlsx"))
    by_title = {row[4]: row for row in rows[1:]}
    meeting = world.lubelskie.meeting
    assert by_title[meeting.title_pl][7] == meeting.capacity
    assert world.attica.meeting.title_pl not in by_title
    assert world.lubelskie.draft_meeting.title_pl in by_title


def test_workshops_export_has_the_counts(world: World) -> None:
    workshop = ConversationFactory.create(group=world.lubelskie.group, question="Jak eksportować?")
    StatementFactory.create(conversation=workshop)
    ConversationFactory.create(group=world.attica.group, question="Attica question")
    rows = xlsx_rows(_client(world.lubelskie.facilitator).get("/en/workspace/workshops.xlsx"))
    assert [(row[0], row[5]) for row in rows[1:]] == [("Jak eksportować?", 1)]


def test_audit_export_follows_the_filter_and_is_logged(world: World) -> None:
    record(actor=world.lubelskie.facilitator, action="test.alpha", target=world.lubelskie.meeting)
    record(actor=world.lubelskie.facilitator, action="test.beta", target=world.lubelskie.meeting)
    record(actor=world.attica.facilitator, action="test.alpha", target=world.attica.meeting)
    client = _client(world.lubelskie.facilitator)
    rows = xlsx_rows(client.get("/en/workspace/audit.xlsx?action=test.alpha"))
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [
        (world.lubelskie.facilitator.email, "test.alpha", world.lubelskie.partner.short_name)
    ]
    assert AuditEntry.objects.filter(action="workspace.audit.exported").exists()


def test_posts_export_lists_drafts_and_published_posts_of_the_region(world: World) -> None:
    PostFactory.create(partner=world.attica.partner, title_pl="Attica news")
    rows = xlsx_rows(_client(world.lubelskie.facilitator).get("/en/workspace/news.xlsx"))
    assert rows[0][:5] == ["title (Polish)", "title (English)", "region", "meeting", "status"]
    listed = {row[0]: row[4] for row in rows[1:]}
    assert listed[world.lubelskie.draft_post.title_pl] == "draft"
    assert "Attica news" not in listed


def test_documents_export_lists_the_files_of_the_group(world: World) -> None:
    make_document(world.lubelskie.group, title="Protokół", description="Wersja robocza")
    make_document(world.attica.group, title="Attica minutes")
    client = _client(world.lubelskie.facilitator)
    rows = xlsx_rows(
        client.get(f"/en/workspace/groups/{world.lubelskie.group.slug}/documents.xlsx")
    )
    assert [row[:4] for row in rows[1:]] == [
        ["Protokół", "Wersja robocza", "minutes.pdf", len(PDF)]
    ]


def test_invitations_export_lists_the_open_invitations_and_is_logged(world: World) -> None:
    group = world.lubelskie.group
    make_invitation(group, world.lubelskie.organisation, email="open@example.org")
    answered = make_invitation(group, world.lubelskie.organisation, email="done@example.org")
    answered.revoked_at = timezone.now()
    answered.save()
    rows = xlsx_rows(
        _client(world.lubelskie.facilitator).get(
            f"/en/workspace/groups/{group.slug}/invitations.xlsx"
        )
    )
    assert [row[2] for row in rows[1:]] == ["open@example.org"]
    entry = AuditEntry.objects.get(action="stakeholders.invitations.exported")
    assert entry.data["rows"] == 1
