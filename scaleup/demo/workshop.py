"""The first meeting's workshop as demonstration data: the statements the room wrote and
how the attendees voted on them, in our own words.

Firms and clusters on one side, public bodies, universities and business-support
institutions on the other, agree on some points and differ on others, so the opinion map
shows two groups and a few statements everyone supports. The votes are drawn from a fixed
seed, so every load gives the same map. The conversation stays open, so a facilitator can
run it again on `make run` (projector, join code, moderation).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction

from scaleup.dialogue import services as dialogue_services
from scaleup.dialogue.models import Conversation, Participant, Statement, Vote, VoteEvent
from scaleup.meetings.models import Meeting
from scaleup.stakeholders.models import Organisation, OrganisationKind

SLUG = "rsg-lublin-2019-11-28-warsztat"
QUESTION = (
    "Co pomaga, a co przeszkadza firmom z Lubelskiego we współpracy i w wejściu na nowe rynki?"
)
DESCRIPTION = (
    "Warsztat I spotkania Regionalnej Grupy Interesariuszy. Każdy może dodać krótką "
    "wypowiedź: spostrzeżenie, doświadczenie, lukę we wsparciu albo propozycję. Głosujemy "
    "na wypowiedzi innych: zgadzam się, nie zgadzam się albo pomijam."
)

#: The side an attendee's organisation takes in the votes below.
FIRMS = {OrganisationKind.CLUSTER, OrganisationKind.SME, OrganisationKind.LARGE_ENTERPRISE}

# (kind, seed statement?, text, how firms vote, how public bodies vote): "+" mostly agree,
# "-" mostly disagree, "~" divided.
STATEMENTS: list[tuple[str, bool, str, str, str]] = [
    (
        "gap",
        True,
        "Brakuje w regionie jednego miejsca z informacją o wszystkich formach wsparcia eksportu.",
        "+",
        "+",
    ),
    (
        "insight",
        True,
        "Klastry najlepiej wiedzą, czego potrzebują ich członkowie, i powinny współtworzyć "
        "kryteria naborów.",
        "+",
        "-",
    ),
    (
        "proposal",
        True,
        "Urząd powinien finansować misje gospodarcze organizowane przez klastry, a nie tylko "
        "wyjazdy pojedynczych firm.",
        "+",
        "~",
    ),
    (
        "insight",
        True,
        "Dotacja na udział w targach ma sens tylko wtedy, gdy firma ma gotowy produkt na eksport.",
        "-",
        "+",
    ),
    (
        "gap",
        False,
        "Małe firmy nie mają czasu ani ludzi, by przygotować wniosek o dotację na wejście na "
        "rynki zagraniczne.",
        "+",
        "+",
    ),
    (
        "experience",
        False,
        "Wspólne stoisko klastra na targach za granicą kosztowało nas mniej niż połowę "
        "stoiska własnego.",
        "+",
        "~",
    ),
    (
        "experience",
        False,
        "Współpraca z uczelnią zaczyna się zwykle od znajomości jednej osoby, nie od programu.",
        "+",
        "+",
    ),
    (
        "gap",
        False,
        "Kryteria wyboru projektów premiują duże firmy, które mają własny dział projektów.",
        "+",
        "-",
    ),
    (
        "proposal",
        False,
        "Bony na usługi badawcze dla MŚP powinny być prostsze w rozliczeniu.",
        "+",
        "+",
    ),
    (
        "proposal",
        False,
        "Gminy powinny mieć budżet na wspólną promocję lokalnych firm za granicą.",
        "~",
        "+",
    ),
    (
        "experience",
        False,
        "Po ostatnim naborze część naszych członków zrezygnowała z wniosku z powodu formalności.",
        "+",
        "-",
    ),
    (
        "insight",
        False,
        "Instytucje otoczenia biznesu powinny rozliczać się z liczby firm, które weszły na "
        "nowy rynek, a nie z liczby szkoleń.",
        "-",
        "+",
    ),
]

#: Probabilities of (agree, pass, disagree) for each stance.
STANCES = {"+": (0.8, 0.12, 0.08), "-": (0.1, 0.15, 0.75), "~": (0.4, 0.2, 0.4)}
#: Every attendee skipped a few statements, as people do.
SKIP = 0.1


def _vote(rng: random.Random, stance: str) -> int:
    agree, passes, _ = STANCES[stance]
    draw = rng.random()
    return 1 if draw < agree else 0 if draw < agree + passes else -1


@transaction.atomic
def load_workshop(meeting: Meeting, attendees: list[Organisation]) -> bool:
    """The first meeting's workshop with its statements, votes and opinion map; returns
    whether it was created (False when it was loaded before)."""
    if Conversation.objects.filter(slug=SLUG).exists():
        return False
    conversation = dialogue_services.create_conversation(
        question=QUESTION,
        description=DESCRIPTION,
        meeting=meeting,
        slug=SLUG,
        language="pl",
        actor=None,
    )
    started = meeting.starts_at + dt.timedelta(hours=2)
    participants = [
        Participant.objects.create(
            conversation=conversation, created_at=started + dt.timedelta(minutes=index % 5)
        )
        for index, _ in enumerate(attendees)
    ]
    statements = []
    for position, (kind, is_seed, text, _, _) in enumerate(STATEMENTS):
        written = started + dt.timedelta(minutes=5 + 2 * position)
        statements.append(
            Statement.objects.create(
                conversation=conversation,
                text=text,
                kind=kind,
                language="pl",
                state=Statement.State.ACCEPTED,
                is_seed=is_seed,
                author=None if is_seed else participants[(position * 5) % len(participants)],
                created_at=written,
                moderated_at=written,
            )
        )
    rng = random.Random(20191128)  # noqa: S311 - demo data, not security
    votes, events = [], []
    for index, (participant, organisation) in enumerate(zip(participants, attendees, strict=True)):
        is_firm = organisation.kind in FIRMS
        for position, (statement, row) in enumerate(zip(statements, STATEMENTS, strict=True)):
            if statement.author_id == participant.pk:
                value = 1  # authors agree with what they wrote, as Pol.is records it
            elif rng.random() < SKIP:
                continue
            else:
                value = _vote(rng, row[3] if is_firm else row[4])
            when = statement.created_at + dt.timedelta(minutes=1 + (index + position) % 20)
            vote_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            events.append(
                VoteEvent(
                    participant=participant,
                    statement=statement,
                    value=value,
                    client_vote_id=vote_id,
                    created_at=when,
                )
            )
            votes.append(
                Vote(
                    participant=participant,
                    statement=statement,
                    value=value,
                    client_vote_id=vote_id,
                    created_at=when,
                    updated_at=when,
                )
            )
    VoteEvent.objects.bulk_create(events)
    Vote.objects.bulk_create(votes)
    dialogue_services.recompute(conversation=conversation)
    return True
