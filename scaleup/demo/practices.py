"""Lubelskie's three good practices and the partner meeting where they were shown, as
demonstration data described in our own words: NLab (acceleration of young firms), the
"Lubelskie" regional brand, and the investor and exporter service centre (COIE), presented
at the partner meeting and study visits in Lublin on 15-17 January 2020, with the lessons
the partners noted there.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from scaleup.meetings.models import Meeting
from scaleup.practices import services as practice_services
from scaleup.practices.models import GoodPractice, Lesson
from scaleup.projects.models import Partner, Theme
from scaleup.stakeholders.models import StakeholderGroup

WARSAW = ZoneInfo("Europe/Warsaw")
LEARNING_EVENT = "partnerzy-lublin-2020-01-15"
COIE = "centrum-obslugi-inwestorow-i-eksporterow"

#: (slug, title, sector, themes by position, summary, sections); texts are the demo's own.
PRACTICES: list[tuple[str, str, str, tuple[int, ...], str, dict[str, str]]] = [
    (
        "nlab-akceleracja-mlodych-firm",
        "NLab: akceleracja młodych firm technologicznych",
        "technologie informacyjne",
        (0, 3),
        "Program, w którym młode firmy przez kilka miesięcy pracują z mentorami i "
        "sprawdzają swój produkt u pierwszych klientów, także za granicą.",
        {
            "problem": "Młode firmy z regionu rzadko wychodzą poza pierwszy rynek: brakuje im "
            "kontaktów, doświadczenia w sprzedaży i pieniędzy na pierwsze testy produktu.",
            "description": "Wybrane w naborze zespoły przechodzą kilkumiesięczny program: "
            "spotkania z mentorami z biznesu, warsztaty sprzedaży i finansowania, testy "
            "produktu u klientów pilotażowych. Program kończy się dniem demonstracyjnym dla "
            "inwestorów i dużych firm z regionu.",
            "resources": "Zespół koordynatorów, sieć mentorów, budżet na testy pilotażowe.",
            "evidence": "Uczestnicy programu pozyskali klientów pilotażowych, a część z nich "
            "także pierwsze finansowanie zewnętrzne (dane demonstracyjne).",
            "difficulties": "Utrzymanie zaangażowania mentorów i dobór firm gotowych na szybki "
            "wzrost.",
            "transferability": "Model może przenieść każdy region z ośrodkiem akademickim i "
            "grupą firm gotowych przyjąć testy pilotażowe.",
        },
    ),
    (
        "marka-regionalna-lubelskie",
        "Marka regionalna „Lubelskie”",
        "promocja gospodarcza",
        (2,),
        "Wspólny znak i sposób prezentacji regionu, z którego korzystają firmy i instytucje "
        "na targach, misjach i w materiałach promocyjnych.",
        {
            "problem": "Małe firmy z regionu są za granicą mało rozpoznawalne; każda promuje "
            "się sama i za drogo.",
            "description": "Samorząd województwa udostępnia firmom i instytucjom wspólną "
            "markę regionu: znak, zasady jego użycia, wspólne stoiska i materiały. Firmy "
            "występują pod nią razem na targach i misjach.",
            "resources": "Księga znaku, budżet na wspólne stoiska, zespół promocji gospodarczej.",
            "evidence": "Rośnie liczba firm występujących pod marką na wspólnych stoiskach "
            "(dane demonstracyjne).",
            "difficulties": "Pogodzenie wizerunku regionu z własnymi markami firm.",
            "transferability": "Przydatne w regionach, których firmy są za małe, by budować "
            "rozpoznawalność samodzielnie.",
        },
    ),
    (
        COIE,
        "Centrum Obsługi Inwestorów i Eksporterów",
        "usługi dla biznesu",
        (0, 2),
        "Jedno miejsce w urzędzie, w którym firma planująca eksport dostaje informację o "
        "rynkach, wsparcie w misjach i targach oraz kontakt z partnerami za granicą.",
        {
            "problem": "Informacja o wsparciu eksportu była rozproszona między wiele "
            "instytucji; małe firmy nie wiedziały, od czego zacząć.",
            "description": "Centrum prowadzi doradztwo dla eksporterów, organizuje misje "
            "gospodarcze i udział w targach, przyjmuje delegacje zagraniczne i pomaga "
            "inwestorom zainteresowanym regionem.",
            "resources": "Zespół doradców w urzędzie, współpraca z siecią krajowych centrów.",
            "evidence": "Firmy korzystające z centrum częściej biorą udział w misjach i "
            "targach (dane demonstracyjne).",
            "difficulties": "Dotarcie do najmniejszych firm, które nie szukają pomocy same.",
            "transferability": "Łatwe do przeniesienia tam, gdzie samorząd regionu ma zespół "
            "promocji gospodarczej.",
        },
    ),
]

LESSONS = [
    (
        "Wspólne stoisko pod marką regionu przyciąga więcej kupców niż stoiska pojedynczych "
        "firm; warto łączyć markę z ofertą centrum eksportera.",
        ("marka-regionalna-lubelskie", COIE),
    ),
    (
        "Akcelerator działa najlepiej, gdy pierwsi klienci pilotażowi pochodzą z regionu, a "
        "mentorzy mają doświadczenie w eksporcie.",
        ("nlab-akceleracja-mlodych-firm",),
    ),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WARSAW)


@transaction.atomic
def load_practices(group: StakeholderGroup, partner: Partner) -> int:
    """Returns how many practices were created (0 when they were loaded before)."""
    if GoodPractice.objects.filter(slug=COIE).exists():
        return 0
    themes = list(Theme.objects.filter(project=partner.project).order_by("position", "id"))
    for slug, title, sector, theme_positions, summary, sections in PRACTICES:
        practice_services.save_practice(
            practice=GoodPractice(
                partner=partner,
                slug=slug,
                title=title,
                language="pl",
                region="Lubelskie (PL81)",
                country="PL",
                sector=sector,
                summary=summary,
                contact_organisation="Urząd Marszałkowski Województwa Lubelskiego (demo)",
                is_published=True,
                **sections,
            ),
            themes=[themes[position] for position in theme_positions if position < len(themes)],
            actor=None,
        )
    event, _created = Meeting.objects.get_or_create(
        slug=LEARNING_EVENT,
        defaults={
            "group": group,
            "format": Meeting.Format.STUDY_VISIT,
            "title_pl": "Spotkanie partnerów SCALE UP i wizyty studyjne w Lublinie",
            "title_en": "SCALE UP partner meeting and study visits in Lublin",
            "theme_pl": "Partnerzy poznają dobre praktyki Lubelskiego i koncentrację biznesu "
            "w regionie.",
            "theme_en": "The partners learn about Lubelskie's good practices and the "
            "concentration of business in the region.",
            "starts_at": _at(dt.date(2020, 1, 15), 9),
            "ends_at": _at(dt.date(2020, 1, 17), 14),
            "venue_pl": "Lublin",
            "venue_en": "Lublin",
            "capacity": 40,
            "registration_open": False,
            "is_published": True,
        },
    )
    for text, slugs in LESSONS:
        practice_services.add_lesson(
            meeting=event,
            text=text,
            practices=list(GoodPractice.objects.filter(slug__in=slugs)),
            actor=None,
        )
    Lesson.objects.filter(meeting=event).update(created_at=event.ends_at)
    return len(PRACTICES)
