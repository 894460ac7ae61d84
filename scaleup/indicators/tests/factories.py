from __future__ import annotations

from decimal import Decimal

import factory

from scaleup.indicators.models import MANUAL, Indicator, ManualValue
from scaleup.projects.tests.factories import PartnerFactory


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"TEST{n}")
    period = "2014-2020"
    kind = "output"
    unit = "count"
    name_pl = factory.Sequence(lambda n: f"Wskaźnik {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    rule_pl = "Liczone z zapisów."
    rule_en = "Counted from the records."
    method = MANUAL


class ManualValueFactory(factory.django.DjangoModelFactory[ManualValue]):
    class Meta:
        model = ManualValue

    indicator = factory.SubFactory(IndicatorFactory)
    partner = factory.SubFactory(PartnerFactory)
    semester = 1
    value = Decimal("1000.00")
    source = "Uchwała zarządu województwa"
