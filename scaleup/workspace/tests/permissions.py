"""The workspace: staff of the record's region (facilitator, coordinator, site administrator);
the group space and its documents also for the group's members.

Objects belong to Lubelskie, so Attica's facilitator gets 404 on them; pages that list only
one's own region (dashboard, lists, create forms) answer Attica's facilitator with 200, and
a create form naming Lubelskie's group or partner re-renders with an error (200), nothing
saved. POST bodies are valid, so the staff of the region get the success redirect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from scaleup.access.tests.matrix import REDIRECT, Row, group_members, staff
from scaleup.dialogue.tests.factories import ConversationFactory
from scaleup.news.models import Post
from scaleup.news.tests.factories import PostFactory
from scaleup.testing.world import World
from scaleup.workspace.tests.factories import make_document, make_invitation, upload


def _group(world: World) -> dict[str, Any]:
    return {"slug": world.lubelskie.group.slug}


def _invite(world: World) -> dict[str, Any]:
    return {
        "first_name": "Iwona",
        "last_name": "Nowa",
        "email": "iwona.nowa@example.org",
        "organisation": world.lubelskie.organisation.pk,
        "organisation_name": "",
        "organisation_kind": "",
        "language": "pl",
    }


def _meeting(world: World) -> dict[str, Any]:
    starts = timezone.localtime() + dt.timedelta(days=30)
    return {
        "group": world.lubelskie.group.pk,
        "slug": "warsztat-matrix",
        "format": "workshop",
        "title_pl": "Warsztat",
        "title_en": "Workshop",
        "theme_pl": "Innowacje",
        "theme_en": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "venue_pl": "Lublin",
        "venue_en": "",
        "address": "",
        "capacity": "40",
        "is_published": "on",
        "registration_open": "on",
        "minutes_pl": "",
        "minutes_en": "",
    }


def _meeting_edit(world: World) -> dict[str, Any]:
    return _meeting(world) | {"slug": world.lubelskie.draft_meeting.slug}


def _post(world: World) -> dict[str, Any]:
    return {
        "partner": world.lubelskie.partner.pk,
        "slug": "nowa-aktualnosc",
        "title_pl": "Nowa aktualność",
        "title_en": "",
        "lead_pl": "Wstęp.",
        "lead_en": "",
        "body_pl": "<p>Treść.</p>",
        "body_en": "",
        "meeting": "",
    }


def _post_edit(world: World) -> dict[str, Any]:
    return _post(world) | {"slug": world.lubelskie.draft_post.slug}


def _conversation(world: World) -> dict[str, Any]:
    return {"slug": ConversationFactory.create(group=world.lubelskie.group).slug}


def _workshop(world: World) -> dict[str, Any]:
    return {
        "group": world.lubelskie.group.pk,
        "meeting": world.lubelskie.meeting.pk,
        "question": "Jak lepiej współpracować w regionie?",
        "description": "",
        "language": "pl",
        "moderation": "pre",
    }


def _workshop_settings(world: World) -> dict[str, Any]:
    return {
        "question": "Co hamuje współpracę?",
        "description": "Warsztat RGI",
        "language": "pl",
        "moderation": "pre",
        "meeting": world.lubelskie.meeting.pk,
    }


def _seed(world: World) -> dict[str, Any]:
    return {"seed-kind": "proposal", "seed-text": "Uczelnie powinny udostępniać laboratoria"}


def _document_upload(world: World) -> dict[str, Any]:
    return {"title": "Protokół", "description": "", "file": upload("minutes.pdf")}


def _project_wide_post() -> Post:
    return PostFactory.create(
        partner=None, slug="projekt", status=Post.Status.DRAFT, published_at=None
    )


# Project-wide news (no partner): only coordinators and site administrators edit it.
PROJECT_WIDE_POST = staff(404) | {"facilitator": 404}

ROWS = [
    Row("workspace:dashboard", get=staff(200, other_region=200)),
    Row("workspace:applications", get=staff(200, other_region=200)),
    Row("workspace:applications_export_xlsx", get=staff(200, other_region=200), notes="audited"),
    Row(
        "workspace:applications",
        get=staff(200, other_region=200),
        query="?status=pending&group=rsg-lubelskie",
        variant="filtered",
        notes="another region's group is an invalid filter: the list stays one's own",
    ),
    Row(
        "workspace:application",
        get=staff(200),
        kwargs=lambda w: {"pk": w.lubelskie.application.pk},
    ),
    Row(
        "workspace:application_approve",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.application.pk},
        data=lambda w: {"approve-note": "Witamy"},
    ),
    Row(
        "workspace:application_reject",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.application.pk},
        data=lambda w: {"reject-note": "Nie tym razem"},
    ),
    Row("workspace:members", get=staff(200), kwargs=_group, notes="personal data"),
    Row(
        "workspace:members_export",
        get=staff(200),
        kwargs=_group,
        notes="personal data; every download is audited",
    ),
    Row("workspace:members_export_xlsx", get=staff(200), kwargs=_group, notes="the same, XLSX"),
    Row("workspace:invite", get=staff(200), post=staff(REDIRECT), kwargs=_group, data=_invite),
    Row(
        "workspace:invitations_export_xlsx",
        get=staff(200),
        kwargs=_group,
        notes="personal data; every download is audited",
    ),
    Row(
        "workspace:membership_end",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.membership.pk},
        data=lambda w: {"left_on": timezone.localdate().isoformat()},
    ),
    Row(
        "workspace:invitation_revoke",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": make_invitation(w.lubelskie.group, w.lubelskie.organisation).pk},
    ),
    Row("workspace:meetings", get=staff(200, other_region=200)),
    Row("workspace:meetings_export_xlsx", get=staff(200, other_region=200)),
    Row(
        "workspace:meeting_create",
        get=staff(200, other_region=200),
        post=staff(REDIRECT, other_region=200),
        data=_meeting,
        notes="Attica's facilitator: Lubelskie's group is not a valid choice",
    ),
    Row("workspace:meeting", get=staff(200), kwargs=lambda w: {"pk": w.lubelskie.meeting.pk}),
    Row(
        "workspace:meeting",
        get=staff(200),
        kwargs=lambda w: {"pk": w.lubelskie.draft_meeting.pk},
        variant="draft",
    ),
    Row(
        "workspace:meeting_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.draft_meeting.pk},
        data=_meeting_edit,
    ),
    Row(
        "workspace:attendance",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.meeting.pk},
        data=lambda w: {"registrations": [w.lubelskie.registration.pk], "attended": "1"},
    ),
    Row(
        "workspace:registrations_export",
        get=staff(200),
        kwargs=lambda w: {"pk": w.lubelskie.meeting.pk},
        notes="personal data; every download is audited",
    ),
    Row(
        "workspace:registrations_export_xlsx",
        get=staff(200),
        kwargs=lambda w: {"pk": w.lubelskie.meeting.pk},
        notes="the same, XLSX",
    ),
    Row(
        "workspace:meeting_document",
        get=staff(200),
        kwargs=lambda w: {
            "pk": w.lubelskie.meeting.pk,
            "paper": "attendance-list",
            "file_format": "pdf",
        },
        notes="names of the registered people; every download is audited",
    ),
    Row(
        "workspace:meeting_document",
        get=staff(200),
        kwargs=lambda w: {"pk": w.lubelskie.meeting.pk, "paper": "minutes", "file_format": "docx"},
        query="?lang=en",
        variant="minutes",
    ),
    Row(
        "workspace:registration_cancel",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.registration.pk},
    ),
    Row("workspace:workshops", get=staff(200, other_region=200)),
    Row("workspace:workshops_export_xlsx", get=staff(200, other_region=200)),
    Row(
        "workspace:workshop_create",
        get=staff(200, other_region=200),
        post=staff(REDIRECT, other_region=200),
        data=_workshop,
        notes="Attica's facilitator: Lubelskie's group and meeting are not valid choices",
    ),
    Row(
        "workspace:workshop_create",
        get=staff(200, other_region=200),
        query="?group=rsg-lubelskie",
        variant="preselected",
        notes="another region's group is not preselected: the form stays one's own",
    ),
    Row("workspace:workshop", get=staff(200), kwargs=_conversation),
    Row(
        "workspace:workshop_edit",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_conversation,
        data=_workshop_settings,
    ),
    Row(
        "workspace:workshop_seed",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_conversation,
        data=_seed,
    ),
    Row(
        "workspace:workshop_export",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_conversation,
        notes="queues the Pol.is export as the person's job, then to the job's page",
    ),
    Row("workspace:posts", get=staff(200, other_region=200)),
    Row("workspace:posts_export_xlsx", get=staff(200, other_region=200)),
    Row(
        "workspace:post_create",
        get=staff(200, other_region=200),
        post=staff(REDIRECT, other_region=200),
        data=_post,
        notes="Attica's facilitator: Lubelskie is not a valid partner choice",
    ),
    Row(
        "workspace:post_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.draft_post.pk},
        data=_post_edit,
    ),
    Row(
        "workspace:post_edit",
        get=PROJECT_WIDE_POST | {"coordinator": 200, "site_admin": 200},
        post=PROJECT_WIDE_POST | {"coordinator": REDIRECT, "site_admin": REDIRECT},
        kwargs=lambda w: {"pk": _project_wide_post().pk},
        data=lambda w: _post(w) | {"partner": "", "slug": "projekt"},
        variant="project_wide",
    ),
    Row(
        "workspace:post_publish",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": w.lubelskie.draft_post.pk},
    ),
    Row(
        "workspace:post_publish",
        post=PROJECT_WIDE_POST | {"coordinator": REDIRECT, "site_admin": REDIRECT},
        kwargs=lambda w: {"pk": _project_wide_post().pk},
        variant="project_wide",
    ),
    Row(
        "workspace:documents",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_group,
        data=_document_upload,
    ),
    Row("workspace:documents_export_xlsx", get=staff(200), kwargs=_group),
    Row(
        "workspace:document_delete",
        post=staff(REDIRECT),
        kwargs=lambda w: {"pk": make_document(w.lubelskie.group).pk},
    ),
    Row("workspace:group", get=group_members(200), kwargs=_group),
    Row(
        "workspace:document_download",
        get=group_members(200),
        kwargs=lambda w: {"pk": make_document(w.lubelskie.group).pk},
    ),
    Row("workspace:audit", get=staff(200, other_region=200)),
    Row("workspace:audit_export_xlsx", get=staff(200, other_region=200), notes="audited"),
]
