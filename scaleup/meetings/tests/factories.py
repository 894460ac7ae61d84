from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from scaleup.meetings.models import AgendaItem, Meeting, Registration
from scaleup.meetings.services import person_for
from scaleup.stakeholders.models import OrganisationKind
from scaleup.stakeholders.tests.factories import StakeholderGroupFactory


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    group = factory.SubFactory(StakeholderGroupFactory)
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    title_pl = factory.Sequence(lambda n: f"Spotkanie {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    theme_pl = "Współpraca gospodarcza"
    theme_en = "Economic cooperation"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=4))
    venue_pl = "Urząd Marszałkowski, Lublin"
    venue_en = "Marshal's Office, Lublin"
    capacity = 30
    is_published = True

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
        )


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title_pl = factory.Sequence(lambda n: f"Punkt {n}")
    title_en = factory.Sequence(lambda n: f"Item {n}")


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    full_name = "Ewa Wiśniewska"
    email = factory.Sequence(lambda n: f"guest{n}@example.org")
    person = factory.LazyAttribute(lambda registration: person_for(registration.email))
    organisation_name = factory.Sequence(lambda n: f"Firma {n}")
    organisation_kind = OrganisationKind.SME
    status = Registration.Status.CONFIRMED
    consent_given_at = factory.LazyFunction(timezone.now)
