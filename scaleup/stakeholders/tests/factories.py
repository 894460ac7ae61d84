from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from scaleup.projects.tests.factories import PartnerFactory
from scaleup.stakeholders.models import (
    Application,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    StakeholderGroup,
)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.SME
    city = "Lublin"


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska-{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)


class StakeholderGroupFactory(factory.django.DjangoModelFactory[StakeholderGroup]):
    class Meta:
        model = StakeholderGroup

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_pl = factory.Sequence(lambda n: f"Grupa {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    partner = factory.SubFactory(PartnerFactory)
    policy_instrument = factory.SelfAttribute("partner.policy_instrument")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    group = factory.SubFactory(StakeholderGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_on = dt.date(2019, 11, 28)


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    group = factory.SubFactory(StakeholderGroupFactory)
    organisation_name = factory.Sequence(lambda n: f"Applicant {n}")
    organisation_kind = OrganisationKind.CLUSTER
    contact_first_name = "Jan"
    contact_last_name = "Nowak"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    consent_given_at = factory.LazyFunction(timezone.now)
