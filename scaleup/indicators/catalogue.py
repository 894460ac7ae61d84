"""The indicator catalogue scaleup starts with: the Interreg Europe 2014-2020 project
indicators and the 2021-2027 common Interreg indicators (Annex I of Regulation (EU)
2021/1058), each with the rule by which scaleup counts it.

The migration `0002_catalogue` seeds it, and the demo loader makes sure it is there (a test
database flushed between tests loses what migrations wrote). Rows that exist are left as
they were edited.
"""

from __future__ import annotations

from typing import Any

# code, period, kind, unit, method, name_pl, name_en, rule_pl, rule_en
CATALOGUE: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    (
        "GP",
        "2014-2020",
        "output",
        "count",
        "good_practices",
        "Liczba zidentyfikowanych dobrych praktyk",
        "Number of good practices identified",
        "Dobre praktyki partnera zapisane w bibliotece praktyk, liczone w semestrze, w którym je wprowadzono.",
        "The partner's good practices recorded in the practice library, counted in the semester they were entered.",
    ),
    (
        "PEOPLE",
        "2014-2020",
        "output",
        "count",
        "learning_participants",
        "Liczba osób o zwiększonych kompetencjach zawodowych dzięki udziałowi we współpracy międzyregionalnej",
        "Number of people with increased professional capacity due to their participation in interregional cooperation activities",
        "Osoby obecne na wydarzeniach edukacyjnych partnera (wizyty studyjne, wzajemne oceny, wymiany pracowników); każda osoba (adres e-mail) liczy się raz.",
        "People marked present at the partner's learning events (study visits, peer reviews, staff exchanges); each person (e-mail address) counts once.",
    ),
    (
        "AP",
        "2014-2020",
        "output",
        "count",
        "action_plans",
        "Liczba opracowanych planów działania",
        "Number of action plans developed",
        "Plany działania partnera zawierające co najmniej jedno działanie, liczone w semestrze rozpoczęcia planu.",
        "The partner's action plans with at least one action, counted in the semester the plan was started.",
    ),
    (
        "PI-ADDRESSED",
        "2014-2020",
        "output",
        "count",
        "instruments_addressed",
        "Liczba instrumentów polityki objętych działaniami projektu",
        "Number of policy instruments addressed",
        "Instrument polityki partnera (od początku projektu) oraz instrumenty, których dotyczą jego plany działania i rekomendacje grupy; każdy instrument liczy się raz.",
        "The partner's policy instrument (from the project's start) and the instruments its action plans and its group's recommendations aim at; each instrument counts once.",
    ),
    (
        "PI-IMPROVED",
        "2014-2020",
        "result",
        "count",
        "instruments_improved",
        "Liczba ulepszonych instrumentów polityki",
        "Number of policy instruments improved",
        "Instrumenty polityki, dla których instytucja zarządzająca przyjęła (w całości lub w części) rekomendację grupy partnera; liczone w semestrze decyzji.",
        "Policy instruments for which the managing authority accepted (fully or partly) a recommendation of the partner's group; counted in the semester of the decision.",
    ),
    (
        "SF-INFLUENCED",
        "2014-2020",
        "result",
        "eur",
        "manual",
        "Kwota funduszy strukturalnych, na które projekt miał wpływ (EUR)",
        "Amount of Structural Funds influenced (EUR)",
        "Wprowadzana przez partnera za semestr, ze źródłem (np. decyzja o zmianie kryteriów naboru); platforma nie zna tych kwot.",
        "Entered by the partner per semester, with its source (for example a decision changing the selection criteria); the platform cannot know these amounts.",
    ),
    (
        "MEDIA",
        "2014-2020",
        "output",
        "count",
        "manual",
        "Liczba wystąpień w mediach",
        "Number of appearances in media",
        "Wprowadzana przez partnera za semestr, ze źródłem (artykuły, audycje); wiadomości portalu się nie liczą.",
        "Entered by the partner per semester, with its source (articles, broadcasts); the portal's own news does not count.",
    ),
    (
        "RCO83",
        "2021-2027",
        "output",
        "count",
        "action_plans",
        "Wspólnie opracowane strategie i plany działania",
        "Strategies and action plans jointly developed",
        "Plany działania partnera zawierające co najmniej jedno działanie, liczone w semestrze rozpoczęcia planu.",
        "The partner's action plans with at least one action, counted in the semester the plan was started.",
    ),
    (
        "RCO87",
        "2021-2027",
        "output",
        "count",
        "organisations_attending",
        "Organizacje współpracujące ponad granicami",
        "Organisations cooperating across borders",
        "Organizacje, których przedstawiciele byli obecni na spotkaniach grupy partnera; każda organizacja liczy się raz.",
        "Organisations whose representatives were marked present at the partner's group meetings; each organisation counts once.",
    ),
    (
        "RCO116",
        "2021-2027",
        "output",
        "count",
        "recommendations_endorsed",
        "Wspólnie opracowane rozwiązania",
        "Jointly developed solutions",
        "Rekomendacje poparte przez grupę partnera, liczone w semestrze poparcia.",
        "Recommendations endorsed by the partner's group, counted in the semester of the endorsement.",
    ),
    (
        "RCR79",
        "2021-2027",
        "result",
        "count",
        "plans_implemented",
        "Wspólne strategie i plany działania wdrażane przez organizacje",
        "Joint strategies and action plans taken up by organisations",
        "Plany działania partnera, których działanie ma notatkę monitoringową o postępie (zgodnie z planem, opóźnione lub zakończone); liczone od pierwszej takiej notatki.",
        "The partner's action plans with an action whose monitoring note reports progress (on track, delayed or done); counted from the first such note.",
    ),
    (
        "RCR84",
        "2021-2027",
        "result",
        "count",
        "manual",
        "Organizacje współpracujące ponad granicami po zakończeniu projektu",
        "Organisations cooperating across borders after project completion",
        "Wprowadzana przez partnera za semestr, ze źródłem (np. ankieta po projekcie); platforma nie widzi współpracy po zakończeniu projektu.",
        "Entered by the partner per semester, with its source (for example a survey after the project); the platform cannot see cooperation after the project ends.",
    ),
    (
        "RCR104",
        "2021-2027",
        "result",
        "count",
        "recommendations_adopted",
        "Rozwiązania przyjęte lub rozwinięte przez organizacje",
        "Solutions taken up or up-scaled by organisations",
        "Rekomendacje grupy partnera przyjęte (w całości lub w części) przez instytucję zarządzającą; liczone w semestrze decyzji.",
        "Recommendations of the partner's group accepted (fully or partly) by the managing authority; counted in the semester of the decision.",
    ),
]


def ensure_catalogue(indicator_model: Any) -> int:
    """Create the missing indicators; returns how many were created. Takes the model so the
    migration can pass its historical one."""
    created = 0
    for position, row in enumerate(CATALOGUE):
        code, period, kind, unit, method, name_pl, name_en, rule_pl, rule_en = row
        _, made = indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "period": period,
                "kind": kind,
                "unit": unit,
                "method": method,
                "position": position,
                "name_pl": name_pl,
                "name_en": name_en,
                "rule_pl": rule_pl,
                "rule_en": rule_en,
            },
        )
        created += made
    return created
