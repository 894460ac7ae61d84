from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from scaleup.core.models import AuditEntry
from scaleup.stakeholders import services
from scaleup.stakeholders.models import Application, Membership, Organisation, Person
from scaleup.stakeholders.tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    StakeholderGroupFactory,
)

pytestmark = pytest.mark.django_db


def submit(group, **extra):
    data = {
        "group": group,
        "organisation_name": "Klaster Nowy",
        "organisation_kind": "cluster",
        "contact_first_name": "Jan",
        "contact_last_name": "Nowak",
        "contact_email": "jan@example.org",
    }
    return services.submit_application(**(data | extra))


def test_submitted_application_is_pending():
    application = submit(StakeholderGroupFactory.create())
    assert application.status == Application.Status.PENDING
    assert application.consent_given_at is not None


def test_second_pending_application_from_same_organisation_is_refused():
    group = StakeholderGroupFactory.create()
    submit(group)
    with pytest.raises(ValidationError, match="already waiting"):
        submit(group, organisation_name="KLASTER NOWY")
    assert Application.objects.count() == 1


def test_existing_member_cannot_apply():
    membership = MembershipFactory.create()
    with pytest.raises(ValidationError, match="already a member"):
        submit(membership.group, organisation_name=membership.organisation.name)


def test_group_closed_to_applications_refuses():
    with pytest.raises(ValidationError):
        submit(StakeholderGroupFactory.create(accepts_applications=False))


def test_applicant_gets_receipt_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(StakeholderGroupFactory.create())
    assert mail.outbox[0].to == ["jan@example.org"]


def test_approval_creates_organisation_person_and_membership(admin_user):
    application = ApplicationFactory.create(
        organisation_name="Klaster Nowy", organisation_kind="cluster"
    )
    services.approve_application(application=application, actor=admin_user)
    organisation = Organisation.objects.get(name="Klaster Nowy")
    assert organisation.kind == "cluster"
    assert Membership.objects.filter(group=application.group, organisation=organisation).exists()
    assert Person.objects.get(email=application.contact_email).organisation == organisation
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == admin_user


def test_approval_reuses_existing_organisation(admin_user):
    organisation = OrganisationFactory.create(name="Klaster Stary")
    application = ApplicationFactory.create(organisation_name="klaster stary")
    services.approve_application(application=application, actor=admin_user)
    assert Organisation.objects.count() == 1
    assert organisation.memberships.get().group == application.group


def test_approval_is_audited(admin_user):
    application = ApplicationFactory.create()
    services.approve_application(application=application, actor=admin_user)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert "stakeholders.application.approved" in actions
    assert AuditEntry.objects.get(action="stakeholders.application.approved").actor == admin_user


def test_decided_application_cannot_be_decided_again(admin_user):
    application = ApplicationFactory.create()
    services.reject_application(application=application, actor=admin_user, note="Out of region")
    with pytest.raises(ValidationError, match="already been decided"):
        services.approve_application(application=application, actor=admin_user)
    assert not Organisation.objects.exists()


def test_rejection_keeps_note_and_creates_nothing(admin_user):
    application = ApplicationFactory.create()
    services.reject_application(application=application, actor=admin_user, note="Duplicate")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_note == "Duplicate"
    assert not Membership.objects.exists()


def test_rejection_is_mailed_with_the_note(admin_user, django_capture_on_commit_callbacks):
    application = ApplicationFactory.create(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(application=application, actor=admin_user, note="Outside")
    assert mail.outbox[0].to == [application.contact_email]
    assert "Outside" in mail.outbox[0].body


def test_facilitators_are_told_of_new_applications(django_capture_on_commit_callbacks):
    from scaleup.core.models import SiteConfiguration

    SiteConfiguration.objects.create(
        portal_name_pl="P", operator_name="X", contact_email="rsg@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(StakeholderGroupFactory.create())
    assert {tuple(m.to) for m in mail.outbox} == {("jan@example.org",), ("rsg@example.org",)}


def test_application_remembers_the_language_it_was_made_in():
    from django.utils import translation

    with translation.override("pl"):
        application = submit(StakeholderGroupFactory.create())
    assert application.language == "pl"


def test_approval_attaches_an_unattached_contact_person(admin_user):
    application = ApplicationFactory.create()
    person = Person.objects.create(
        first_name="Jan", last_name="Nowak", email=application.contact_email.upper()
    )
    approved = services.approve_application(application=application, actor=admin_user)
    person.refresh_from_db()
    assert person.organisation == approved.organisation
