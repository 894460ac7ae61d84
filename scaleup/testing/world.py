"""Two partner regions with every role, for permission and cross-tenant tests.

Lubelskie is the region under test; Attica is 'the other region'. Each has a group, a
member organisation with a signed-in contact person, a facilitator, a pending application,
a published and a draft meeting with a registration, and a draft news post. The project
has a coordinator; the instance has a site administrator and a signed-in outsider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from scaleup.access.models import RoleAssignment
from scaleup.meetings.models import Meeting, Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.news.models import Post
from scaleup.news.tests.factories import PostFactory
from scaleup.projects.models import Partner, Project
from scaleup.projects.tests.factories import PartnerFactory, ProjectFactory
from scaleup.stakeholders.models import Application, Membership, Organisation, StakeholderGroup
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    StakeholderGroupFactory,
)
from scaleup.testing.users import make_user

# Roles as the matrix names them, seen from the Lubelskie region.
ROLES = (
    "anonymous",
    "outsider",
    "member",
    "other_member",
    "facilitator",
    "other_facilitator",
    "coordinator",
    "site_admin",
)


@dataclass
class Region:
    partner: Partner
    group: StakeholderGroup
    organisation: Organisation
    membership: Membership
    member: Any
    facilitator: Any
    application: Application
    meeting: Meeting
    draft_meeting: Meeting
    registration: Registration
    draft_post: Post


@dataclass
class World:
    project: Project
    lubelskie: Region
    attica: Region
    coordinator: Any
    site_admin: Any
    outsider: Any

    def user(self, role: str) -> Any:
        return {
            "anonymous": None,
            "outsider": self.outsider,
            "member": self.lubelskie.member,
            "other_member": self.attica.member,
            "facilitator": self.lubelskie.facilitator,
            "other_facilitator": self.attica.facilitator,
            "coordinator": self.coordinator,
            "site_admin": self.site_admin,
        }[role]


def _region(project: Project, key: str, country: str, city: str) -> Region:
    partner = PartnerFactory.create(
        project=project, short_name=key.title(), country=country, city=city
    )
    group = StakeholderGroupFactory.create(partner=partner, slug=f"rsg-{key}")
    organisation = OrganisationFactory.create(name=f"Klaster {key}")
    membership = MembershipFactory.create(group=group, organisation=organisation)
    member = make_user(f"member.{key}@example.org", first_name="Member", last_name=key.title())
    person = PersonFactory.create(
        email=member.email,
        first_name="Member",
        last_name=key.title(),
        organisation=organisation,
        user=member,
    )
    membership.contacts.add(person)
    facilitator = make_user(
        f"facilitator.{key}@example.org", first_name="Facilitator", last_name=key.title()
    )
    RoleAssignment.objects.create(user=facilitator, role="facilitator", partner=partner)
    meeting = MeetingFactory.create(group=group, slug=f"meeting-{key}")
    draft_meeting = MeetingFactory.create(group=group, slug=f"draft-{key}", is_published=False)
    return Region(
        partner=partner,
        group=group,
        organisation=organisation,
        membership=membership,
        member=member,
        facilitator=facilitator,
        application=ApplicationFactory.create(group=group, organisation_name=f"Applicant {key}"),
        meeting=meeting,
        draft_meeting=draft_meeting,
        registration=RegistrationFactory.create(meeting=meeting, email=f"guest.{key}@example.org"),
        draft_post=PostFactory.create(
            partner=partner, slug=f"draft-{key}", status=Post.Status.DRAFT, published_at=None
        ),
    )


def build_world() -> World:
    project = ProjectFactory.create(started_on=dt.date(2019, 8, 1))
    coordinator = make_user("coordinator@example.org", first_name="Coordinator")
    RoleAssignment.objects.create(user=coordinator, role="coordinator", project=project)
    world = World(
        project=project,
        lubelskie=_region(project, "lubelskie", "PL", "Lublin"),
        attica=_region(project, "attica", "GR", "Athens"),
        coordinator=coordinator,
        site_admin=make_user("admin@example.org", superuser=True),
        outsider=make_user("outsider@example.org"),
    )
    return world
