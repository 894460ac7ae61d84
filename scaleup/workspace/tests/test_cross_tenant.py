"""Every object page and action of Lubelskie, tried by Attica's facilitator and member.

Each attempt must be refused (404 for Attica's facilitator, who holds the permission in
another region; 404 or 403 for Attica's member, depending on whether members hold the
permission at all) and must change nothing: no audit entry, no changed row, no file, no
mail. `ATTEMPTS` is the number the closing note of issue 3 reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from scaleup.core.audit import record
from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Meeting, Registration
from scaleup.news.models import Post
from scaleup.stakeholders.models import Application, GroupDocument, Invitation, Membership
from scaleup.testing.urls import url
from scaleup.testing.world import World
from scaleup.workspace.tests import permissions
from scaleup.workspace.tests.factories import make_document, make_invitation, upload

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Attempt:
    name: str
    method: str
    kwargs: Callable[[World], dict[str, Any]]
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    member_outcome: int = 403  # members hold no staff permission anywhere
    label: str = ""


def _group(w: World) -> dict[str, Any]:
    return {"slug": w.lubelskie.group.slug}


def _application(w: World) -> dict[str, Any]:
    return {"pk": w.lubelskie.application.pk}


def _meeting(w: World) -> dict[str, Any]:
    return {"pk": w.lubelskie.meeting.pk}


def _draft_meeting(w: World) -> dict[str, Any]:
    return {"pk": w.lubelskie.draft_meeting.pk}


def _post(w: World) -> dict[str, Any]:
    return {"pk": w.lubelskie.draft_post.pk}


def _document(w: World) -> dict[str, Any]:
    return {"pk": make_document(w.lubelskie.group).pk}


def _invitation(w: World) -> dict[str, Any]:
    return {"pk": make_invitation(w.lubelskie.group, w.lubelskie.organisation).pk}


OBJECT_ATTEMPTS = [
    Attempt("workspace:application", "GET", _application),
    Attempt("workspace:application_approve", "POST", _application, lambda w: {"approve-note": ""}),
    Attempt("workspace:application_reject", "POST", _application, lambda w: {"reject-note": "x"}),
    Attempt("workspace:members", "GET", _group),
    Attempt("workspace:members_export", "GET", _group),
    Attempt("workspace:invite", "GET", _group),
    Attempt("workspace:invite", "POST", _group, permissions._invite),
    Attempt(
        "workspace:membership_end",
        "POST",
        lambda w: {"pk": w.lubelskie.membership.pk},
        lambda w: {"left_on": timezone.localdate().isoformat()},
    ),
    Attempt("workspace:invitation_revoke", "POST", _invitation),
    Attempt("workspace:meeting", "GET", _meeting),
    Attempt("workspace:meeting", "GET", _draft_meeting, label="draft"),
    Attempt("workspace:meeting_edit", "GET", _draft_meeting),
    Attempt("workspace:meeting_edit", "POST", _draft_meeting, permissions._meeting_edit),
    Attempt(
        "workspace:attendance",
        "POST",
        _meeting,
        lambda w: {"registrations": [w.lubelskie.registration.pk], "attended": "1"},
    ),
    Attempt("workspace:registrations_export", "GET", _meeting),
    Attempt("workspace:registration_cancel", "POST", lambda w: {"pk": w.lubelskie.registration.pk}),
    Attempt("workspace:post_edit", "GET", _post),
    Attempt("workspace:post_edit", "POST", _post, permissions._post_edit),
    Attempt("workspace:post_publish", "POST", _post),
    Attempt("workspace:documents", "GET", _group),
    Attempt(
        "workspace:documents",
        "POST",
        _group,
        lambda w: {"title": "Obcy", "description": "", "file": upload()},
    ),
    Attempt("workspace:document_delete", "POST", _document),
    Attempt("workspace:group", "GET", _group, member_outcome=404),
    Attempt("workspace:document_download", "GET", _document, member_outcome=404),
]
ROLES = ("other_facilitator", "other_member")
ATTEMPTS = len(OBJECT_ATTEMPTS) * len(ROLES)


def fingerprint() -> dict[str, Any]:
    """Everything an attempt could change, as plain values."""
    return {
        "audit": AuditEntry.objects.count(),
        "applications": list(Application.objects.values_list("pk", "status", "decision_note")),
        "memberships": list(Membership.objects.values_list("pk", "left_on")),
        "invitations": list(Invitation.objects.values_list("pk", "revoked_at")),
        "meetings": list(Meeting.objects.values_list("pk", "slug", "title_pl", "updated_at")),
        "registrations": list(Registration.objects.values_list("pk", "status", "attended")),
        "posts": list(Post.objects.values_list("pk", "slug", "status", "updated_at")),
        "documents": list(GroupDocument.objects.values_list("pk", "title")),
        "mail": len(mail.outbox),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "attempt",
    OBJECT_ATTEMPTS,
    ids=[f"{a.name}-{a.method}{'-' + a.label if a.label else ''}" for a in OBJECT_ATTEMPTS],
)
def test_another_region_gets_nothing(client, world, attempt, role, private_root):
    target = url(attempt.name, **attempt.kwargs(world))  # creates the target record first
    client.force_login(world.user(role))
    before = fingerprint()
    files = sorted(private_root.rglob("*"))
    if attempt.method == "POST":
        response = client.post(target, attempt.data(world))
    else:
        response = client.get(target)
    assert response.status_code == (404 if role == "other_facilitator" else attempt.member_outcome)
    assert fingerprint() == before
    assert sorted(private_root.rglob("*")) == files


# Pages that list one's own region, and create forms that name a region: Attica's
# facilitator gets the page (200) without any of Lubelskie's records, and a form naming
# Lubelskie's group or partner is an invalid choice (200 with an error), nothing saved.
LIST_ATTEMPTS = [
    ("workspace:dashboard", "GET", "", lambda w: {}),
    ("workspace:applications", "GET", "", lambda w: {}),
    ("workspace:applications", "GET", "?group=rsg-lubelskie&status=pending", lambda w: {}),
    ("workspace:meetings", "GET", "", lambda w: {}),
    ("workspace:posts", "GET", "", lambda w: {}),
    ("workspace:audit", "GET", "", lambda w: {}),
    ("workspace:audit", "GET", "?action=test.lubelskie", lambda w: {}),
    ("workspace:meeting_create", "GET", "?group=rsg-lubelskie", lambda w: {}),
    ("workspace:meeting_create", "POST", "", permissions._meeting),
    ("workspace:post_create", "POST", "", permissions._post),
]
ATTEMPTS += len(LIST_ATTEMPTS)


def _lubelskie_traces(world: World) -> list[str]:
    region = world.lubelskie
    return [
        region.application.organisation_name,
        url("workspace:application", pk=region.application.pk),
        url("workspace:meeting", pk=region.meeting.pk),
        url("workspace:meeting", pk=region.draft_meeting.pk),
        url("workspace:post_edit", pk=region.draft_post.pk),
        url("workspace:members", slug=region.group.slug),
        "test.lubelskie.secret",
        f'value="{region.group.pk}" selected',
    ]


@pytest.mark.parametrize(
    ("name", "method", "query", "data"),
    LIST_ATTEMPTS,
    ids=[f"{name}-{method}{query}" for name, method, query, _ in LIST_ATTEMPTS],
)
def test_lists_and_create_forms_show_and_take_nothing_of_another_region(
    client, world, name, method, query, data
):
    record(actor=None, action="test.lubelskie.secret", target=world.lubelskie.group)
    client.force_login(world.attica.facilitator)
    before = fingerprint()
    target = url(name) + query
    response = client.post(target, data(world)) if method == "POST" else client.get(target)
    assert response.status_code == 200
    if method == "POST":
        assert response.context["form"].errors
    assert fingerprint() == before
    for trace in _lubelskie_traces(world):
        assert trace not in response.text


def test_the_number_of_denied_attempts():
    """Reported in the closing note of issue 3."""
    assert ATTEMPTS == 58
