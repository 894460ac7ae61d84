"""Lubelskie's action plan as demonstration data, in our own words: two actions for the
regional programme, one carrying the group's accepted recommendation (joint cluster stands
under FEL 2021-2027 measure 2.7), one transferring what the partners learnt about
university experts supporting entrepreneurs (the "Technological Pilot"), with monitoring
notes of the core and follow-up phases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from scaleup.actionplans import services as plan_services
from scaleup.actionplans.models import (
    Action,
    ActionPlan,
    InstrumentType,
    MonitoringNote,
    Phase,
    Progress,
)
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Recommendation
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Partner

CONTEXT_PL = (
    "Plan dotyczy Regionalnego Programu Operacyjnego Województwa Lubelskiego 2014-2020, "
    "osi 3 „Konkurencyjność przedsiębiorstw”, w tym działań 3.6 „Marketing gospodarczy” i "
    "3.7 „Wzrost konkurencyjności MŚP”. Wnioski z projektu przenosimy też do programu "
    "Fundusze Europejskie dla Lubelskiego 2021-2027, który kontynuuje wsparcie ekspansji "
    "zagranicznej MŚP (tekst demonstracyjny)."
)
CONTEXT_EN = (
    "The plan addresses the Lubelskie Regional Operational Programme 2014-2020, axis 3 "
    "'Competitiveness of enterprises', including measures 3.6 'Economic marketing' and 3.7 "
    "'Growth in the competitiveness of SMEs'. The project's lessons also go into the "
    "programme European Funds for Lubelskie 2021-2027, which continues the support for SMEs' "
    "expansion abroad (demonstration text)."
)


@transaction.atomic
def load_action_plan(partner: Partner) -> bool:
    """Returns whether the plan was created (False when it was loaded before)."""
    if partner.policy_instrument is None or ActionPlan.objects.filter(partner=partner).exists():
        return False
    plan = plan_services.save_plan(
        plan=ActionPlan(
            partner=partner,
            instrument=partner.policy_instrument,
            instrument_type=InstrumentType.GROWTH_AND_JOBS,
            nuts2_region="Lubelskie (PL81)",
            contact_name="Koordynator projektu (demo)",
            contact_email="scaleup@example.org",
            contact_phone="+48 81 000 00 00",
            policy_context_pl=CONTEXT_PL,
            policy_context_en=CONTEXT_EN,
        ),
        actor=None,
    )
    stands = plan_services.save_action(
        action=Action(
            plan=plan,
            title_pl="Wspólne stoiska i misje klastrów w programie regionalnym",
            title_en="Joint cluster stands and missions in the regional programme",
            background_pl="Na I warsztacie grupy firmy i klastry zgodziły się, że wspólne "
            "stoisko kosztuje mniej niż połowę własnego. Partnerzy pokazali, jak wspólna marka "
            "regionu przyciąga kupców na targach.",
            background_en="At the group's first workshop, firms and clusters agreed that a "
            "joint stand costs less than half of a firm's own. The partners showed how a "
            "shared regional brand draws buyers at fairs.",
            description_pl="Wprowadzić do kryteriów naboru możliwość składania projektów przez "
            "koordynatorów klastrów w imieniu kilku członków.",
            description_en="Let cluster coordinators apply on behalf of several members in "
            "the call criteria.",
            players_pl="Urząd Marszałkowski (instytucja zarządzająca), LAWP, klastry regionu.",
            players_en="The Marshal's Office (managing authority), LAWP, the region's clusters.",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2023, 12, 31),
            cost_eur=Decimal("0"),
            costs_pl="Bez dodatkowych kosztów: zmiana kryteriów naboru.",
            costs_en="No extra cost: a change of the call criteria.",
            funding_pl="FEL 2021-2027, działanie 2.7.",
            funding_en="FEL 2021-2027, measure 2.7.",
        ),
        actor=None,
        recommendations=list(Recommendation.objects.filter(state=State.ACCEPTED)),
        practices=list(GoodPractice.objects.filter(slug="marka-regionalna-lubelskie")),
    )
    pilot = plan_services.save_action(
        action=Action(
            plan=plan,
            title_pl="Pilotaż technologiczny: eksperci uczelni dla przedsiębiorców",
            title_en="Technological pilot: university experts for entrepreneurs",
            background_pl="Podczas wizyt studyjnych partnerzy poznali laboratorium innowacji, "
            "w którym eksperci uczelni z dziedzin techniki, ekonomii, prawa i finansów "
            "doradzają przedsiębiorcom.",
            background_en="On study visits the partners saw an innovation lab where "
            "university experts in technology, economics, law and finance advise "
            "entrepreneurs.",
            description_pl="Uruchomić w regionie pilotażowy zespół ekspertów uczelni, który "
            "doradza MŚP przed wejściem na nowe rynki.",
            description_en="Set up a pilot team of university experts in the region who "
            "advise SMEs before they enter new markets.",
            players_pl="Urząd Marszałkowski, UMCS, Uniwersytet Przyrodniczy w Lublinie.",
            players_en="The Marshal's Office, UMCS, the University of Life Sciences in Lublin.",
            starts_on=dt.date(2022, 1, 1),
            ends_on=dt.date(2024, 6, 30),
            cost_eur=Decimal("120000"),
            costs_pl="Wynagrodzenia ekspertów i koordynacja (szacunek demonstracyjny).",
            costs_en="Experts' fees and coordination (a demonstration estimate).",
            funding_pl="FEL 2021-2027, jako kontynuacja projektu „Marketing gospodarczy”.",
            funding_en="FEL 2021-2027, continuing the 'Economic marketing' project.",
        ),
        actor=None,
        practices=list(GoodPractice.objects.filter(slug="nlab-akceleracja-mlodych-firm")),
    )
    notes = [
        (stands, Phase.CORE, dt.date(2022, 6, 30), Progress.ON_TRACK, "Kryteria uzgodnione."),
        (stands, Phase.FOLLOW_UP, dt.date(2023, 10, 31), Progress.DONE, "Kryteria są w naborze."),
        (pilot, Phase.FOLLOW_UP, dt.date(2023, 10, 31), Progress.DELAYED, "Czekamy na uczelnię."),
    ]
    for action, phase, day, progress, text in notes:
        note = MonitoringNote(
            action=action, phase=phase, noted_on=day, progress=progress, text=text
        )
        plan_services.add_note(note=note, actor=None)
    return True
