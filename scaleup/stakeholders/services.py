"""State changes of the stakeholder registry. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scaleup.core.audit import record
from scaleup.core.i18n import active_language
from scaleup.core.mail import send_after_commit
from scaleup.core.selectors import site_configuration
from scaleup.stakeholders.models import (
    Application,
    Membership,
    Organisation,
    Person,
    StakeholderGroup,
)
from scaleup.stakeholders.selectors import find_organisation


@transaction.atomic
def submit_application(
    *,
    group: StakeholderGroup,
    organisation_name: str,
    organisation_kind: str,
    contact_first_name: str,
    contact_last_name: str,
    contact_email: str,
    city: str = "",
    website: str = "",
    contact_position: str = "",
    motivation: str = "",
    actor: Any = None,
) -> Application:
    if not group.accepts_applications:
        raise ValidationError(_("This group does not accept applications at the moment."))
    name = organisation_name.strip()
    duplicate = ValidationError(
        _("An application from %(name)s is already waiting for a decision.") % {"name": name}
    )
    if Application.objects.filter(
        group=group, organisation_name__iexact=name, status=Application.Status.PENDING
    ).exists():
        raise duplicate
    existing = find_organisation(name)
    if existing and Membership.objects.filter(group=group, organisation=existing).exists():
        raise ValidationError(_("%(name)s is already a member of this group.") % {"name": name})
    try:
        with transaction.atomic():  # a double submit races past the check above
            application = Application.objects.create(
                group=group,
                organisation_name=name,
                organisation_kind=organisation_kind,
                city=city,
                website=website,
                contact_first_name=contact_first_name,
                contact_last_name=contact_last_name,
                contact_email=contact_email,
                contact_position=contact_position,
                motivation=motivation,
                consent_given_at=timezone.now(),
                language=active_language(),
            )
    except IntegrityError as error:
        raise duplicate from error
    record(actor=actor, action="stakeholders.application.submitted", target=application)
    _mail_applicant(application, "application_received")
    facilitators = site_configuration().contact_email
    if facilitators:
        send_after_commit(
            to=facilitators,
            subject_template="stakeholders/mail/application_notice_subject.txt",
            body_template="stakeholders/mail/application_notice.txt",
            context={"application": application, "group": group},
            language="pl",
        )
    return application


def _mail_applicant(application: Application, template: str) -> None:
    send_after_commit(
        to=application.contact_email,
        subject_template=f"stakeholders/mail/{template}_subject.txt",
        body_template=f"stakeholders/mail/{template}.txt",
        context={"application": application, "group": application.group},
        language=application.language,
    )


def _lock_pending(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.PENDING:
        raise ValidationError(
            _("The application from %(name)s has already been decided.")
            % {"name": locked.organisation_name}
        )
    return locked


@transaction.atomic
def approve_application(*, application: Application, actor: Any, note: str = "") -> Application:
    """Approval makes the applicant a member: organisation, contact person and membership."""
    application = _lock_pending(application)
    organisation = find_organisation(application.organisation_name)
    if organisation is None:
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            kind=application.organisation_kind,
            city=application.city,
            website=application.website,
        )
        record(actor=actor, action="stakeholders.organisation.created", target=organisation)
    person = Person.objects.filter(email__iexact=application.contact_email).first()
    if person is not None and person.organisation_id is None:
        person.organisation = organisation
        person.save(update_fields=["organisation", "updated_at"])
    elif person is None:
        Person.objects.create(
            first_name=application.contact_first_name,
            last_name=application.contact_last_name,
            email=application.contact_email,
            position=application.contact_position,
            organisation=organisation,
        )
    membership, created = Membership.objects.get_or_create(
        group=application.group,
        organisation=organisation,
        defaults={"joined_on": timezone.localdate()},
    )
    if created:
        record(actor=actor, action="stakeholders.membership.created", target=membership)
    application.status = Application.Status.APPROVED
    application.organisation = organisation
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_note = note
    application.save()
    record(actor=actor, action="stakeholders.application.approved", target=application)
    _mail_applicant(application, "application_approved")
    return application


@transaction.atomic
def reject_application(*, application: Application, actor: Any, note: str = "") -> Application:
    application = _lock_pending(application)
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_note = note
    application.save()
    record(actor=actor, action="stakeholders.application.rejected", target=application, note=note)
    _mail_applicant(application, "application_rejected")
    return application
