from __future__ import annotations

import datetime as dt

import factory

from scaleup.actionplans.models import Action, ActionPlan
from scaleup.projects.tests.factories import PartnerFactory


class ActionPlanFactory(factory.django.DjangoModelFactory[ActionPlan]):
    class Meta:
        model = ActionPlan

    partner = factory.SubFactory(PartnerFactory)
    instrument = factory.SelfAttribute("partner.policy_instrument")
    nuts2_region = "Lubelskie (PL81)"
    contact_name = "Anna Koordynatorka"
    contact_email = "plan@example.org"
    policy_context_pl = "Oś 3 programu regionalnego: konkurencyjność przedsiębiorstw."
    policy_context_en = "Axis 3 of the regional programme: competitiveness of enterprises."


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_pl = factory.Sequence(lambda n: f"Działanie numer {n}")
    title_en = factory.Sequence(lambda n: f"Action number {n}")
    background_pl = "Wnioski z wizyty studyjnej."
    description_pl = "Zmienić kryteria naboru."
    players_pl = "Urząd Marszałkowski, klastry."
    starts_on = dt.date(2021, 1, 1)
    ends_on = dt.date(2022, 12, 31)
