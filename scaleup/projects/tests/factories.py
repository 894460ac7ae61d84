from __future__ import annotations

import datetime as dt

import factory

from scaleup.projects.models import Measure, Partner, PolicyInstrument, Programme, Project, Theme


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    period_start = 2014
    period_end = 2020
    fund = "ERDF"
    funding_statement_pl = "Projekt współfinansowany z EFRR"
    funding_statement_en = "Project co-financed by the ERDF"


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    title_pl = factory.Sequence(lambda n: f"Projekt {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    aim_pl = "Wzmocnienie MŚP"
    aim_en = "Strengthening SMEs"
    started_on = dt.date(2019, 8, 1)


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme

    project = factory.SubFactory(ProjectFactory)
    name_pl = factory.Sequence(lambda n: f"Temat {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class PolicyInstrumentFactory(factory.django.DjangoModelFactory[PolicyInstrument]):
    class Meta:
        model = PolicyInstrument

    code = factory.Sequence(lambda n: f"OP-{n}")
    name_pl = factory.Sequence(lambda n: f"Program operacyjny {n}")
    name_en = factory.Sequence(lambda n: f"Operational programme {n}")
    region = "Lubelskie"
    period_start = 2014
    period_end = 2020


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    role = Partner.Role.PARTNER
    country = "PL"
    city = "Lublin"
    policy_instrument = factory.SubFactory(PolicyInstrumentFactory)


class MeasureFactory(factory.django.DjangoModelFactory[Measure]):
    class Meta:
        model = Measure

    instrument = factory.SubFactory(PolicyInstrumentFactory)
    level = Measure.Level.AXIS
    code = factory.Sequence(lambda n: str(n))
    name_pl = factory.Sequence(lambda n: f"Oś {n}")
