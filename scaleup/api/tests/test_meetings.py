from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from scaleup.api.tests.factories import bearer
from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Meeting, Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _json(client: Client, method: str, path: str, body: Any = None, **headers: Any) -> Any:
    kwargs: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en", **headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, **kwargs)


def _new_meeting(world: World, **overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + dt.timedelta(days=10)
    return {
        "group": world.lubelskie.group.pk,
        "slug": "rsg-api-workshop",
        "title_pl": "Warsztat RSG",
        "theme_pl": "Internacjonalizacja MŚP",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=3)).isoformat(),
        "venue_pl": "Lublin",
        "capacity": 40,
        **overrides,
    }


def test_anonymous_list_shows_published_meetings_only(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/meetings")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert world.lubelskie.meeting.pk in ids
    assert world.lubelskie.draft_meeting.pk not in ids


def test_facilitator_list_includes_own_region_drafts_only(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/meetings", **bearer(world.lubelskie.facilitator))
    ids = {item["id"] for item in response.json()["items"]}
    assert world.lubelskie.draft_meeting.pk in ids
    assert world.attica.draft_meeting.pk not in ids


def test_list_filters_by_partner(world: World) -> None:
    response = _json(Client(), "get", f"/api/v1/meetings?partner={world.attica.partner.pk}")
    partners = {item["partner"] for item in response.json()["items"]}
    assert partners == {world.attica.partner.pk}


def test_list_pages_link_to_each_other(world: World) -> None:
    MeetingFactory.create_batch(3, group=world.lubelskie.group)
    first = _json(Client(), "get", "/api/v1/meetings?limit=2").json()
    assert len(first["items"]) == 2
    assert first["previous"] is None
    second = _json(Client(), "get", first["next"]).json()
    assert second["previous"] is not None
    seen = {item["id"] for item in first["items"] + second["items"]}
    assert len(seen) == min(4, first["count"])


def test_wrong_token_is_refused_even_for_public_reads(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/meetings", HTTP_AUTHORIZATION="Bearer scaleup_x")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_draft_meeting_is_not_found_for_anonymous(world: World) -> None:
    response = _json(Client(), "get", f"/api/v1/meetings/{world.lubelskie.draft_meeting.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not-found"


def test_read_answers_304_to_the_same_etag(world: World) -> None:
    path = f"/api/v1/meetings/{world.lubelskie.meeting.pk}"
    first = _json(Client(), "get", path)
    again = _json(Client(), "get", path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_etag_changes_when_the_meeting_changes(world: World) -> None:
    path = f"/api/v1/meetings/{world.lubelskie.meeting.pk}"
    before = _json(Client(), "get", path)["ETag"]
    Meeting.objects.filter(pk=world.lubelskie.meeting.pk).update(capacity=99)
    assert _json(Client(), "get", path)["ETag"] != before


def test_facilitator_creates_a_meeting_with_an_audit_entry(world: World) -> None:
    response = _json(
        Client(),
        "post",
        "/api/v1/meetings",
        _new_meeting(world),
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(slug="rsg-api-workshop")
    assert response.json()["id"] == meeting.pk
    assert AuditEntry.objects.filter(
        action="meetings.meeting.created", target_id=str(meeting.pk)
    ).exists()


def test_create_needs_a_token(world: World) -> None:
    response = _json(Client(), "post", "/api/v1/meetings", _new_meeting(world))
    assert response.status_code == 401


def test_member_may_not_create_meetings(world: World) -> None:
    response = _json(
        Client(), "post", "/api/v1/meetings", _new_meeting(world), **bearer(world.lubelskie.member)
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_facilitator_may_not_create_in_another_region(world: World) -> None:
    response = _json(
        Client(),
        "post",
        "/api/v1/meetings",
        _new_meeting(world, group=world.attica.group.pk),
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/group"
    assert not Meeting.objects.filter(slug="rsg-api-workshop").exists()


def test_form_rules_apply_and_nothing_is_saved(world: World) -> None:
    body = _new_meeting(world)
    body["ends_at"] = body["starts_at"]
    response = _json(
        Client(), "post", "/api/v1/meetings", body, **bearer(world.lubelskie.facilitator)
    )
    assert response.status_code == 422
    assert {"pointer": "/body/ends_at", "detail": "The meeting must end after it starts."} in (
        response.json()["errors"]
    )
    assert not Meeting.objects.filter(slug="rsg-api-workshop").exists()


def test_malformed_body_is_a_problem_with_pointers(world: World) -> None:
    response = _json(
        Client(),
        "post",
        "/api/v1/meetings",
        {"capacity": "many"},
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 422
    pointers = {error["pointer"] for error in response.json()["errors"]}
    assert "/body/capacity" in pointers
    assert "/body/title_pl" in pointers


def test_problems_speak_polish_when_asked(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/meetings/999999", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.json()["title"] != "There is nothing at this address."


def test_patch_changes_only_the_fields_sent(world: World) -> None:
    meeting = world.lubelskie.meeting
    response = _json(
        Client(),
        "patch",
        f"/api/v1/meetings/{meeting.pk}",
        {"capacity": 77},
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.title_pl) == (77, world.lubelskie.meeting.title_pl)


def test_patch_with_a_stale_etag_is_refused(world: World) -> None:
    meeting = world.lubelskie.meeting
    path = f"/api/v1/meetings/{meeting.pk}"
    etag = _json(Client(), "get", path)["ETag"]
    Meeting.objects.filter(pk=meeting.pk).update(venue_pl="Zamość")
    response = _json(
        Client(),
        "patch",
        path,
        {"capacity": 77},
        HTTP_IF_MATCH=etag,
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 412
    meeting.refresh_from_db()
    assert meeting.capacity != 77


def test_patch_with_the_current_etag_is_applied(world: World) -> None:
    meeting = world.lubelskie.meeting
    path = f"/api/v1/meetings/{meeting.pk}"
    headers = bearer(world.lubelskie.facilitator)
    etag = _json(Client(), "get", path, **headers)["ETag"]
    response = _json(Client(), "patch", path, {"capacity": 77}, HTTP_IF_MATCH=etag, **headers)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_other_region_facilitator_gets_404_on_patch(world: World) -> None:
    response = _json(
        Client(),
        "patch",
        f"/api/v1/meetings/{world.lubelskie.meeting.pk}",
        {"capacity": 77},
        **bearer(world.attica.facilitator),
    )
    assert response.status_code == 404


def test_signed_in_person_registers_and_is_confirmed(world: World) -> None:
    meeting = world.lubelskie.meeting
    response = _json(
        Client(),
        "post",
        f"/api/v1/meetings/{meeting.pk}/registrations",
        {
            "full_name": "Anna Nowak",
            "email": "anna.nowak@example.org",
            "organisation_name": "Klaster Lubelski",
            "organisation_kind": "cluster",
            "consent": True,
        },
        **bearer(world.outsider),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == Registration.Status.CONFIRMED


def test_registration_needs_the_privacy_notice_accepted(world: World) -> None:
    meeting = world.lubelskie.meeting
    response = _json(
        Client(),
        "post",
        f"/api/v1/meetings/{meeting.pk}/registrations",
        {
            "full_name": "Anna Nowak",
            "email": "anna.nowak@example.org",
            "organisation_name": "Klaster Lubelski",
            "organisation_kind": "cluster",
            "consent": False,
        },
        **bearer(world.outsider),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/body/consent"
    assert not meeting.registrations.filter(email="anna.nowak@example.org").exists()


def test_registration_list_is_for_the_regions_staff(world: World) -> None:
    path = f"/api/v1/meetings/{world.lubelskie.meeting.pk}/registrations"
    assert _json(Client(), "get", path, **bearer(world.lubelskie.member)).status_code == 403
    assert _json(Client(), "get", path, **bearer(world.attica.facilitator)).status_code == 404
    staff = _json(Client(), "get", path, **bearer(world.lubelskie.facilitator))
    assert staff.status_code == 200
    assert staff.json()["items"][0]["email"] == world.lubelskie.registration.email


def test_person_cancels_their_own_registration(world: World) -> None:
    meeting = world.lubelskie.meeting
    registration = RegistrationFactory.create(meeting=meeting, email=world.outsider.email)
    response = _json(
        Client(),
        "delete",
        f"/api/v1/meetings/{meeting.pk}/registrations/{registration.pk}",
        **bearer(world.outsider),
    )
    assert response.status_code == 204
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_nobody_else_cancels_a_registration(world: World) -> None:
    meeting = world.lubelskie.meeting
    path = f"/api/v1/meetings/{meeting.pk}/registrations/{world.lubelskie.registration.pk}"
    response = _json(Client(), "delete", path, **bearer(world.outsider))
    assert response.status_code == 403
    world.lubelskie.registration.refresh_from_db()
    assert world.lubelskie.registration.status != Registration.Status.CANCELLED


def test_staff_record_attendance(world: World) -> None:
    meeting = MeetingFactory.create(group=world.lubelskie.group, past=True)
    registration = RegistrationFactory.create(meeting=meeting, status=Registration.Status.CONFIRMED)
    response = _json(
        Client(),
        "patch",
        f"/api/v1/meetings/{meeting.pk}/registrations/{registration.pk}",
        {"attended": True},
        **bearer(world.lubelskie.facilitator),
    )
    assert response.status_code == 200
    assert response.json()["attended"] is True


def test_unknown_api_address_is_a_problem(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_method_not_allowed_is_a_problem(world: World) -> None:
    response = _json(Client(), "put", f"/api/v1/meetings/{world.lubelskie.meeting.pk}")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert "PATCH" in response["Allow"]


def test_a_read_ignores_if_match(world: World) -> None:
    path = f"/api/v1/meetings/{world.lubelskie.meeting.pk}"
    response = _json(Client(), "get", path, HTTP_IF_MATCH='"stale"')
    assert response.status_code == 200


def test_person_reads_their_own_registration(world: World) -> None:
    meeting = world.lubelskie.meeting
    registration = RegistrationFactory.create(meeting=meeting, email=world.outsider.email)
    path = f"/api/v1/meetings/{meeting.pk}/registrations/{registration.pk}"
    assert _json(Client(), "get", path, **bearer(world.outsider)).json()["id"] == registration.pk
    other = f"/api/v1/meetings/{meeting.pk}/registrations/{world.lubelskie.registration.pk}"
    assert _json(Client(), "get", other, **bearer(world.outsider)).status_code == 403


def test_a_meetings_id_beyond_the_databases_integers_in_a_filter_is_refused(
    world: World,
) -> None:
    response = _json(Client(), "get", f"/api/v1/meetings?group={2**70}")
    assert response.status_code == 422


def test_a_filter_moment_with_any_iso_offset_is_taken_in_utc(world: World) -> None:
    query = "starts_after=1909-01-22T18:12:23.77-13:33&starts_before=4948-01-15T17:54:40%2B16:25"
    response = _json(Client(), "get", f"/api/v1/meetings?{query}")
    assert response.status_code == 200
    assert world.lubelskie.meeting.pk in {item["id"] for item in response.json()["items"]}


def test_a_moment_without_an_offset_is_utc(world: World) -> None:
    after = world.lubelskie.meeting.starts_at.astimezone(dt.UTC).replace(tzinfo=None)
    response = _json(Client(), "get", f"/api/v1/meetings?starts_after={after.isoformat()}")
    assert world.lubelskie.meeting.pk in {item["id"] for item in response.json()["items"]}


def test_a_moment_beyond_the_calendar_in_utc_is_refused(world: World) -> None:
    response = _json(Client(), "get", "/api/v1/meetings?starts_after=0001-01-01T00:00:00%2B01:00")
    assert response.status_code == 422
