from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from scaleup.core.models import AuditEntry
from scaleup.meetings import services
from scaleup.meetings.models import Registration
from scaleup.meetings.tests.factories import MeetingFactory, RegistrationFactory
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.images import jpeg_upload

pytestmark = pytest.mark.django_db


def register(meeting, email="ewa@example.org", **extra):
    data = {
        "meeting": meeting,
        "full_name": "Ewa Wiśniewska",
        "email": email,
        "organisation_name": "Firma Testowa",
        "organisation_kind": "sme",
    }
    return services.register_for_meeting(**(data | extra))


def test_registration_within_capacity_is_confirmed():
    registration = register(MeetingFactory.create(capacity=2))
    assert registration.status == Registration.Status.CONFIRMED


def test_registration_beyond_capacity_goes_to_waiting_list():
    meeting = MeetingFactory.create(capacity=1)
    register(meeting, "first@example.org")
    assert register(meeting, "second@example.org").status == Registration.Status.WAITLISTED


def test_same_email_cannot_register_twice_whatever_its_case():
    meeting = MeetingFactory.create()
    register(meeting, "ewa@example.org")
    with pytest.raises(ValidationError, match="already registered"):
        register(meeting, "EWA@example.org")
    assert meeting.registrations.count() == 1


def test_one_address_is_one_person_across_meetings_whatever_its_case():
    first = register(MeetingFactory.create(), "ewa@example.org")
    again = register(MeetingFactory.create(), "EWA@example.org")
    other = register(MeetingFactory.create(), "jan@example.org")
    assert first.person is not None
    assert again.person == first.person
    assert other.person != first.person


def test_registration_refused_when_closed():
    meeting = MeetingFactory.create(registration_open=False)
    with pytest.raises(ValidationError, match="closed"):
        register(meeting)
    assert not Registration.objects.exists()


def test_registration_refused_for_past_meeting():
    meeting = MeetingFactory.create(past=True)
    with pytest.raises(ValidationError):
        register(meeting)


def test_registration_links_known_organisation_by_name_ignoring_case():
    organisation = OrganisationFactory.create(name="Klaster Dolina")
    registration = register(MeetingFactory.create(), organisation_name="klaster dolina")
    assert registration.organisation == organisation


def test_registration_writes_audit_entry():
    registration = register(MeetingFactory.create())
    entry = AuditEntry.objects.get()
    assert entry.action == "meetings.registration.confirmed"
    assert entry.target_id == str(registration.pk)


def test_confirmation_mail_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(MeetingFactory.create())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [registration.email]
    assert str(registration.token) in mail.outbox[0].body


def test_no_mail_is_sent_when_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    meeting = MeetingFactory.create()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        register(meeting)
        raise RuntimeError("something later in the same transaction failed")
    assert mail.outbox == []
    assert not Registration.objects.exists()


def test_mail_server_failure_keeps_the_registration(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("scaleup.core.mail.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(MeetingFactory.create())
    assert Registration.objects.get() == registration
    assert "Could not send" in caplog.text


def test_mail_goes_out_in_the_language_of_registration(django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        registration = register(MeetingFactory.create())
    assert registration.language == "pl"
    assert mail.outbox[0].subject.startswith("Zgłoszenie potwierdzone")


def test_mail_subject_is_not_html_escaped(django_capture_on_commit_callbacks):
    meeting = MeetingFactory.create(title_en='Fairs & "missions"')
    with django_capture_on_commit_callbacks(execute=True):
        register(meeting)
    assert mail.outbox[0].subject.endswith('Fairs & "missions"')


def test_newcomer_waits_behind_people_already_waiting():
    meeting = MeetingFactory.create(capacity=1)
    register(meeting, "a@example.org")
    register(meeting, "b@example.org")
    meeting.capacity = 3
    meeting.save()  # raised outside the service: seats free while b still waits
    assert register(meeting, "c@example.org").status == Registration.Status.WAITLISTED


def test_raising_capacity_seats_people_waiting_in_order(admin_user):
    meeting = MeetingFactory.create(capacity=1)
    register(meeting, "a@example.org")
    waiting = [register(meeting, f"w{i}@example.org") for i in range(3)]
    meeting.capacity = 3
    promoted = services.save_meeting(meeting=meeting, actor=admin_user)
    assert promoted == waiting[:2]
    waiting[2].refresh_from_db()
    assert waiting[2].status == Registration.Status.WAITLISTED


def test_cancelling_after_the_meeting_is_refused_and_attendance_kept():
    registration = RegistrationFactory.create(
        meeting=MeetingFactory.create(past=True), attended=True
    )
    with pytest.raises(ValidationError, match="already taken place"):
        services.cancel_registration(registration=registration)
    registration.refresh_from_db()
    assert registration.attended
    assert registration.status == Registration.Status.CONFIRMED


def test_cancelling_a_confirmed_seat_promotes_first_on_waiting_list():
    meeting = MeetingFactory.create(capacity=1)
    seated = register(meeting, "a@example.org")
    first_waiting = register(meeting, "b@example.org")
    register(meeting, "c@example.org")
    promoted = services.cancel_registration(registration=seated)
    assert promoted == first_waiting
    first_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED


def test_cancelling_a_waiting_place_promotes_nobody():
    meeting = MeetingFactory.create(capacity=1)
    register(meeting, "a@example.org")
    waiting = register(meeting, "b@example.org")
    assert services.cancel_registration(registration=waiting) is None


def test_cancelled_person_may_register_again():
    meeting = MeetingFactory.create()
    services.cancel_registration(registration=register(meeting))
    assert register(meeting).status == Registration.Status.CONFIRMED


def test_attendance_marked_for_confirmed(admin_user):
    registration = RegistrationFactory.create()
    services.mark_attendance(registrations=[registration], attended=True, actor=admin_user)
    registration.refresh_from_db()
    assert registration.attended
    assert registration.attendance_marked_at is not None


def test_attendance_refused_for_waiting_list_and_nothing_saved(admin_user):
    confirmed = RegistrationFactory.create()
    waiting = RegistrationFactory.create(
        meeting=confirmed.meeting, status=Registration.Status.WAITLISTED
    )
    with pytest.raises(ValidationError, match=waiting.full_name):
        services.mark_attendance(
            registrations=[confirmed, waiting], attended=True, actor=admin_user
        )
    confirmed.refresh_from_db()
    assert not confirmed.attended


def test_replacing_a_photo_removes_the_old_files(admin_user, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    photo = services.add_photo(
        meeting=MeetingFactory.create(), upload=jpeg_upload(), alt_text_pl="Sala", actor=admin_user
    )
    storage, old_name = photo.image.storage, photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = ContentFile(jpeg_upload((30, 20)).getvalue(), name="new.jpg")
        photo.save()
    assert not storage.exists(old_name)
    assert storage.exists(photo.image.name)


def test_deleting_a_photo_removes_its_files(admin_user, django_capture_on_commit_callbacks):
    photo = services.add_photo(
        meeting=MeetingFactory.create(), upload=jpeg_upload(), alt_text_pl="Sala", actor=admin_user
    )
    storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(storage.exists(name) for name in names)


@pytest.mark.django_db
def test_editing_a_meeting_records_the_changed_fields() -> None:
    from scaleup.core.models import AuditEntry
    from scaleup.meetings.services import save_meeting
    from scaleup.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory.create(minutes_pl="")
    meeting.minutes_pl = "Uczestnicy wskazali lukę w finansowaniu eksportu."
    save_meeting(meeting=meeting, actor=None)
    entry = AuditEntry.objects.get(action="meetings.meeting.changed")
    assert entry.data["changes"] == {
        "minutes_pl": ["", "Uczestnicy wskazali lukę w finansowaniu eksportu."]
    }
