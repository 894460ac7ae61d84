from __future__ import annotations

import factory

from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.practices.models import GoodPractice, Lesson
from scaleup.projects.tests.factories import PartnerFactory


class GoodPracticeFactory(factory.django.DjangoModelFactory[GoodPractice]):
    """A published practice of a partner in Poland."""

    class Meta:
        model = GoodPractice

    partner = factory.SubFactory(PartnerFactory)
    slug = factory.Sequence(lambda n: f"practice-{n}")
    title = factory.Sequence(lambda n: f"Akcelerator eksportu {n}")
    language = "pl"
    region = "Lubelskie (PL81)"
    country = "PL"
    sector = "usługi dla biznesu"
    summary = "Wsparcie firm w pierwszym wejściu na rynek zagraniczny."
    description = "Doradcy pomagają firmie przygotować ofertę i znaleźć partnerów za granicą."
    contact_organisation = "Urząd Marszałkowski"
    is_published = True


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    meeting = factory.SubFactory(MeetingFactory, format="study_visit")
    text = "Wspólne stoisko regionu przyciąga więcej kupców niż stoiska pojedynczych firm."
