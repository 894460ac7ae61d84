"""One person present everywhere personal data can be: the subject of export and erasure tests.

Built through the services people actually use, so the audit entries they write (with
their target names and diffs) are the real ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from scaleup.access.services import assign_role
from scaleup.core.audit import record
from scaleup.meetings import services as meeting_services
from scaleup.meetings.models import Registration
from scaleup.stakeholders import services as stakeholder_services
from scaleup.stakeholders.invitations import accept_invitation, invite_person
from scaleup.stakeholders.models import Application, Invitation, Person
from scaleup.testing.world import World

FIRST_NAME = "Zyxwerta"
LAST_NAME = "Quombielówna"
EMAIL = "zyxwerta.quombiel@example.net"
FULL_NAME = f"{FIRST_NAME} {LAST_NAME}"


@dataclass
class Subject:
    user: Any
    person: Person
    registration: Registration
    decided_application: Application
    pending_application: Application
    open_invitation: Invitation


def build_subject(world: World) -> Subject:
    lubelskie, attica = world.lubelskie, world.attica
    invitation = invite_person(
        group=lubelskie.group,
        email=EMAIL,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        organisation_name="Ostoja Tech",
        organisation_kind="sme",
        language="pl",
        actor=lubelskie.facilitator,
    )
    user = accept_invitation(
        invitation=invitation,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        list_publicly=True,
        request_language="pl",
    )
    person = Person.objects.get(user=user)
    person.phone = "+48 600 100 200"
    person.save()
    open_invitation = invite_person(
        group=attica.group,
        email=EMAIL.upper(),
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        organisation=person.organisation,
        language="en",
        actor=attica.facilitator,
    )
    pending = stakeholder_services.submit_application(
        group=attica.group,
        organisation_name="Ostoja Labs",
        organisation_kind="sme",
        contact_first_name=FIRST_NAME,
        contact_last_name=LAST_NAME,
        contact_email=EMAIL,
        contact_position="Director",
        motivation=f"I am {FULL_NAME}, write to {EMAIL}.",
    )
    decided = stakeholder_services.submit_application(
        group=lubelskie.group,
        organisation_name="Ostoja Foods",
        organisation_kind="sme",
        contact_first_name=FIRST_NAME,
        contact_last_name=LAST_NAME,
        contact_email=EMAIL,
    )
    stakeholder_services.reject_application(
        application=decided,
        actor=lubelskie.facilitator,
        note=f"Talked to {FULL_NAME} by phone: not in the region.",
    )
    registration = meeting_services.register_for_meeting(
        meeting=lubelskie.meeting,
        full_name=f"dr {FULL_NAME}",
        email=EMAIL,
        organisation_name="Ostoja Tech",
        organisation_kind="sme",
        image_consent=True,
        actor=user,
    )
    meeting_services.mark_attendance(
        registrations=[registration], attended=True, actor=lubelskie.facilitator
    )
    assign_role(user=user, role="facilitator", partner=lubelskie.partner, actor=world.site_admin)
    # Somebody's note naming the person, about another record.
    record(
        actor=lubelskie.facilitator,
        action="stakeholders.group.note",
        target=lubelskie.group,
        note=f"Call {FULL_NAME} ({EMAIL}) about the workshop.",
    )
    # Django admin's own history of the person's record.
    LogEntry.objects.create(
        user=world.site_admin,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Phone"]}}]),
    )
    return Subject(
        user=user,
        person=person,
        registration=Registration.objects.get(pk=registration.pk),
        decided_application=Application.objects.get(pk=decided.pk),
        pending_application=pending,
        open_invitation=open_invitation,
    )
