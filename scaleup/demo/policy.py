"""Three recommendations grown from the first meeting's workshop, as demonstration data in
our own words: one accepted into FEL 2021-2027 measure 2.7, one endorsed by the group and
waiting to be submitted, one under discussion that members can still endorse.

They are made through `policy.services`, so their history is the one the pages show; the
dates of the steps are then set to a plausible timeline (the programme FEL 2021-2027 was
approved on 24 Nov 2022).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from scaleup.demo.practices import COIE
from scaleup.dialogue.models import Conversation, Statement
from scaleup.policy import services as policy_services
from scaleup.policy.lifecycle import State
from scaleup.policy.models import Endorsement, Recommendation, Transition
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Measure, PolicyInstrument
from scaleup.stakeholders.models import Membership, StakeholderGroup

WARSAW = ZoneInfo("Europe/Warsaw")


def _on(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WARSAW)


@dataclass(frozen=True)
class DemoRecommendation:
    title_pl: str
    title_en: str
    text_pl: str
    text_en: str
    rationale_pl: str
    rationale_en: str
    statements: tuple[str, ...]  # the opening words of the workshop statements behind it
    inspired_by: tuple[str, ...]  # slugs of the good practices it learns from
    steps: list[tuple[str, dt.date, str]]  # (state, day, comment)
    endorsements: int  # member organisations that endorse it while it is discussed


RECOMMENDATIONS = [
    DemoRecommendation(
        title_pl="Finansować wspólne stoiska i misje gospodarcze klastrów",
        title_en="Fund joint cluster stands and economic missions",
        text_pl=(
            "W działaniu wspierającym ekspansję zagraniczną MŚP dopuścić projekty, w których "
            "klaster organizuje wspólne stoisko na targach albo misję gospodarczą dla kilku "
            "swoich członków, z kosztami rozliczanymi przez koordynatora klastra."
        ),
        text_en=(
            "In the measure supporting SMEs' expansion abroad, allow projects in which a "
            "cluster organises a joint fair stand or an economic mission for several of its "
            "members, with the costs accounted for by the cluster coordinator."
        ),
        rationale_pl=(
            "Uczestnicy warsztatu zgodzili się, że wspólne stoisko kosztuje firmę mniej niż "
            "połowę własnego, a klaster wie, którzy członkowie są gotowi do eksportu."
        ),
        rationale_en=(
            "The workshop agreed that a joint stand costs a firm less than half of its own, "
            "and that a cluster knows which of its members are ready to export."
        ),
        statements=("Urząd powinien finansować misje", "Wspólne stoisko klastra"),
        inspired_by=("marka-regionalna-lubelskie",),
        steps=[
            (State.DISCUSSED, dt.date(2019, 12, 12), ""),
            (State.ENDORSED, dt.date(2020, 1, 16), "Poparte na spotkaniu grupy w Lublinie."),
            (State.SUBMITTED, dt.date(2020, 3, 2), "Przekazane do instytucji zarządzającej."),
            (
                State.ACCEPTED,
                dt.date(2022, 11, 24),
                "Wspólne stoiska i misje organizowane przez klastry są kwalifikowalne w "
                "działaniu 2.7 programu FEL 2021-2027 (tekst demonstracyjny).",
            ),
        ],
        endorsements=9,
    ),
    DemoRecommendation(
        title_pl="Jedno miejsce z informacją o wsparciu eksportu",
        title_en="One place for information on export support",
        text_pl=(
            "Zebrać w jednym serwisie regionalnym wszystkie formy wsparcia eksportu MŚP: "
            "nabory, usługi centrum obsługi inwestorów i eksporterów, misje i targi, z "
            "kalendarzem i osobą kontaktową."
        ),
        text_en=(
            "Bring all forms of export support for SMEs together in one regional service: "
            "calls, the services of the investor and exporter service centre, missions and "
            "fairs, with a calendar and a contact person."
        ),
        rationale_pl="Ta luka zebrała poparcie obu grup opinii na warsztacie.",
        rationale_en="Both opinion groups of the workshop agreed on this gap.",
        statements=("Brakuje w regionie jednego miejsca",),
        inspired_by=(COIE,),
        steps=[
            (State.DISCUSSED, dt.date(2019, 12, 12), ""),
            (State.ENDORSED, dt.date(2020, 1, 16), "Poparte na spotkaniu grupy w Lublinie."),
        ],
        endorsements=12,
    ),
    DemoRecommendation(
        title_pl="Prostszy wniosek o wsparcie wejścia na rynki zagraniczne",
        title_en="A simpler application for support to enter foreign markets",
        text_pl=(
            "Skrócić część opisową wniosku i biznesplanu dla małych projektów eksportowych "
            "i pozwolić złożyć strategię internacjonalizacji według krótkiego wzoru."
        ),
        text_en=(
            "Shorten the descriptive part of the application and business plan for small "
            "export projects, and accept the internationalisation strategy in a short "
            "template."
        ),
        rationale_pl="",
        rationale_en="",
        statements=("Małe firmy nie mają czasu", "Po ostatnim naborze"),
        inspired_by=(),
        steps=[(State.DISCUSSED, dt.date(2019, 12, 12), "")],
        endorsements=3,
    ),
]


def _statement(conversation: Conversation, opening: str) -> Statement:
    return Statement.objects.get(conversation=conversation, text__startswith=opening)


@transaction.atomic
def load_recommendations(group: StakeholderGroup, conversation: Conversation) -> int:
    """Returns how many recommendations were created (0 when they were loaded before)."""
    if Recommendation.objects.filter(group=group).exists():
        return 0
    fel = PolicyInstrument.objects.get(code="FEL 2021-2027")
    measure = Measure.objects.get(instrument=fel, code="2.7")
    members = list(Membership.objects.filter(group=group).order_by("organisation__name", "id"))
    drafted_on = dt.date(2019, 12, 5)
    for item in RECOMMENDATIONS:
        recommendation = policy_services.draft_recommendation(
            group=group,
            actor=None,
            title_pl=item.title_pl,
            title_en=item.title_en,
            text_pl=item.text_pl,
            text_en=item.text_en,
            rationale_pl=item.rationale_pl,
            rationale_en=item.rationale_en,
            instrument=fel,
            measure=measure,
            statements=[_statement(conversation, opening) for opening in item.statements],
            inspired_by=list(GoodPractice.objects.filter(slug__in=item.inspired_by)),
        )
        dates = [drafted_on]
        for state, day, comment in item.steps:
            recommendation = policy_services.move_recommendation(
                recommendation=recommendation, to_state=state, actor=None, comment=comment
            )
            dates.append(day)
            if state == State.DISCUSSED:
                Endorsement.objects.bulk_create(
                    Endorsement(recommendation=recommendation, membership=membership)
                    for membership in members[: item.endorsements]
                )
                Endorsement.objects.filter(recommendation=recommendation).update(
                    created_at=_on(day + dt.timedelta(days=7))
                )
        transitions = Transition.objects.filter(recommendation=recommendation).order_by("id")
        for transition, day in zip(transitions, dates, strict=True):
            Transition.objects.filter(pk=transition.pk).update(created_at=_on(day))
        Recommendation.objects.filter(pk=recommendation.pk).update(
            created_at=_on(drafted_on), updated_at=_on(dates[-1])
        )
    return len(RECOMMENDATIONS)
