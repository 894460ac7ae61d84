"""The Lubelskie group's cooperation network as demonstration data, invented but plausible.

Four clusters gather firms, universities and municipalities; the regional authority works
with all four; universities cooperate with firms in R&D; firms supply one another. The
story the map tells: the bio-economy cluster brokers between farms, food firms and the
agro-biotechnology institute; the logistics cluster links the border region; and a joinery
in Biłgoraj supplies only a packaging maker, with no cluster, university or support
institution within two steps, which the gaps report names.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from scaleup.network import services as network_services
from scaleup.network.models import Tie, TieKind
from scaleup.stakeholders.models import Organisation, StakeholderGroup

#: NUTS 3 regions of Lubelskie by town: PL811 bialski, PL812 chełmsko-zamojski,
#: PL814 lubelski, PL815 puławski.
NUTS_OF_CITY = {
    "Lublin": "PL814",
    "Świdnik": "PL814",
    "Łęczna": "PL814",
    "Chełm": "PL812",
    "Zamość": "PL812",
    "Biłgoraj": "PL812",
    "Janów Lubelski": "PL812",
    "Zwierzyniec": "PL812",
    "Zielony Jar": "PL812",
    "Puławy": "PL815",
    "Kraśnik": "PL815",
    "Biała Podlaska": "PL811",
    "Włodawa": "PL811",
}
SECTORS = {
    "AgroSmak sp. z o.o.": "przetwórstwo spożywcze",
    "Bitwise Lublin sp. z o.o.": "usługi informatyczne",
    "EkoPak s.c.": "opakowania",
    "Transmed Logistics sp. z o.o.": "logistyka",
    "Jagodowe Wzgórze sp. z o.o.": "sadownictwo",
    "MedTech Wieprz sp. z o.o.": "wyroby medyczne",
    "Zakłady Nawozowe Wschód S.A.": "chemia",
    "Lubelska Fabryka Maszyn Rolniczych S.A.": "maszyny rolnicze",
    "Hurtownia Techniczna Nadwiśle": "handel hurtowy",
    "Stolarnia Tanew sp. z o.o.": "meble",
}

MEMBER, RD, PROJECT, SUPPLY, INFORMAL = (
    TieKind.CLUSTER_MEMBERSHIP,
    TieKind.RD_COOPERATION,
    TieKind.JOINT_PROJECT,
    TieKind.SUPPLY_CHAIN,
    TieKind.INFORMAL,
)
# (organisation, partner, kind, weight, since): cluster membership points to the cluster.
TIES: list[tuple[str, str, str, float, int]] = [
    ("Bitwise Lublin sp. z o.o.", "Klaster Dolina Bystrzycy", MEMBER, 1, 2016),
    ("Politechnika Nadwiślańska", "Klaster Dolina Bystrzycy", MEMBER, 1, 2015),
    ("Lubelska Fabryka Maszyn Rolniczych S.A.", "Klaster Dolina Bystrzycy", MEMBER, 1, 2017),
    ("Centrum Transferu Wiedzy Lubelszczyzna", "Klaster Dolina Bystrzycy", MEMBER, 1, 2018),
    ("Transmed Logistics sp. z o.o.", "Klaster Logistyczny Wschodnia Brama", MEMBER, 1, 2014),
    ("Izba Gospodarcza Pogranicza", "Klaster Logistyczny Wschodnia Brama", MEMBER, 1, 2014),
    ("Hurtownia Techniczna Nadwiśle", "Klaster Logistyczny Wschodnia Brama", MEMBER, 1, 2019),
    ("Powiat Nadbużański", "Klaster Logistyczny Wschodnia Brama", MEMBER, 1, 2016),
    ("AgroSmak sp. z o.o.", "Klaster Biogospodarki Roztocze", MEMBER, 1, 2013),
    ("Jagodowe Wzgórze sp. z o.o.", "Klaster Biogospodarki Roztocze", MEMBER, 1, 2015),
    ("Instytut Agrobiotechnologii Wschód", "Klaster Biogospodarki Roztocze", MEMBER, 1, 2013),
    ("Zakłady Nawozowe Wschód S.A.", "Klaster Biogospodarki Roztocze", MEMBER, 1, 2014),
    ("Gmina Zielony Jar", "Klaster Biogospodarki Roztocze", MEMBER, 1, 2017),
    ("MedTech Wieprz sp. z o.o.", "Klaster Medyczny Lubelskie Zdrowie", MEMBER, 1, 2018),
    ("Lubelska Akademia Nauk Stosowanych", "Klaster Medyczny Lubelskie Zdrowie", MEMBER, 1, 2018),
    (
        "Park Naukowo-Technologiczny Świdnik Demo",
        "Klaster Medyczny Lubelskie Zdrowie",
        MEMBER,
        1,
        2019,
    ),
    ("Politechnika Nadwiślańska", "Bitwise Lublin sp. z o.o.", RD, 3, 2019),
    ("Instytut Agrobiotechnologii Wschód", "Zakłady Nawozowe Wschód S.A.", RD, 4, 2016),
    ("Instytut Agrobiotechnologii Wschód", "AgroSmak sp. z o.o.", RD, 2, 2020),
    ("Lubelska Akademia Nauk Stosowanych", "MedTech Wieprz sp. z o.o.", RD, 2, 2021),
    ("Urząd Marszałkowski Województwa Lubelskiego", "Klaster Dolina Bystrzycy", PROJECT, 2, 2019),
    (
        "Urząd Marszałkowski Województwa Lubelskiego",
        "Klaster Logistyczny Wschodnia Brama",
        PROJECT,
        1,
        2019,
    ),
    (
        "Urząd Marszałkowski Województwa Lubelskiego",
        "Klaster Biogospodarki Roztocze",
        PROJECT,
        2,
        2019,
    ),
    (
        "Urząd Marszałkowski Województwa Lubelskiego",
        "Klaster Medyczny Lubelskie Zdrowie",
        PROJECT,
        1,
        2020,
    ),
    (
        "Fundacja Rozwoju Przedsiębiorczości Wschód",
        "Stowarzyszenie Młodzi Przedsiębiorcy Lubelszczyzny",
        PROJECT,
        2,
        2018,
    ),
    ("Centrum Transferu Wiedzy Lubelszczyzna", "Politechnika Nadwiślańska", PROJECT, 3, 2017),
    ("Park Naukowo-Technologiczny Świdnik Demo", "Bitwise Lublin sp. z o.o.", PROJECT, 1, 2020),
    ("Lubelska Agencja Wspierania Eksportu", "Izba Gospodarcza Pogranicza", PROJECT, 2, 2021),
    ("Lubelska Agencja Wspierania Eksportu", "AgroSmak sp. z o.o.", PROJECT, 1, 2022),
    ("AgroSmak sp. z o.o.", "Jagodowe Wzgórze sp. z o.o.", SUPPLY, 3, 2016),
    ("Transmed Logistics sp. z o.o.", "MedTech Wieprz sp. z o.o.", SUPPLY, 2, 2020),
    ("Lubelska Fabryka Maszyn Rolniczych S.A.", "Hurtownia Techniczna Nadwiśle", SUPPLY, 2, 2018),
    ("EkoPak s.c.", "Stolarnia Tanew sp. z o.o.", SUPPLY, 2, 2019),
    ("EkoPak s.c.", "Hurtownia Techniczna Nadwiśle", SUPPLY, 1, 2021),
    ("Miasto Kraśnik Przemysłowy", "Lubelska Fabryka Maszyn Rolniczych S.A.", INFORMAL, 1, 2018),
    (
        "Fundacja Kobiety w Biznesie Wschód",
        "Stowarzyszenie Młodzi Przedsiębiorcy Lubelszczyzny",
        INFORMAL,
        1,
        2020,
    ),
    ("Spółdzielnia Socjalna Roztocze", "Gmina Zielony Jar", INFORMAL, 1, 2019),
]


@transaction.atomic
def load_network(group: StakeholderGroup) -> bool:
    """The group's ties and their first analysis; returns whether anything was created."""
    by_name = {o.name: o for o in Organisation.objects.filter(is_demo=True)}
    for organisation in by_name.values():
        nuts = NUTS_OF_CITY.get(organisation.city, "")
        sector = SECTORS.get(organisation.name, "")
        if (organisation.nuts_code, organisation.sector) == ("", "") and (nuts or sector):
            organisation.nuts_code, organisation.sector = nuts, sector
            organisation.save(update_fields=["nuts_code", "sector", "updated_at"])
    if Tie.objects.filter(group=group).exists():
        return False
    for name, partner, kind, weight, since in TIES:
        network_services.add_tie(
            group=group,
            source=by_name[name],
            target=by_name[partner],
            kind=kind,
            weight=weight,
            valid_from=dt.date(since, 1, 1),
            source_name="Ankieta grupy 2019",
            actor=None,
        )
    network_services.analyse(group=group)
    return True
