"""The SCALE UP story as demonstration data, written in our own words.

Project, partners, programmes and the first Lubelskie RSG meeting follow public facts;
the organisations, people and photos of the stakeholder group are invented and flagged
as demo data. Every record is found by a natural key before it is created, so loading
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import secrets
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from scaleup.access.models import RoleAssignment
from scaleup.core.models import SiteConfiguration
from scaleup.demo.actionplan import load_action_plan
from scaleup.demo.network import load_network
from scaleup.demo.policy import load_recommendations
from scaleup.demo.practices import load_practices
from scaleup.demo.workshop import SLUG as WORKSHOP_SLUG
from scaleup.demo.workshop import load_workshop
from scaleup.dialogue.models import Conversation
from scaleup.indicators.catalogue import ensure_catalogue
from scaleup.indicators.models import Indicator
from scaleup.meetings import services as meeting_services
from scaleup.meetings.models import AgendaItem, Meeting, Registration
from scaleup.news.models import Page, Post
from scaleup.news.services import save_page, save_post
from scaleup.privacy.models import ConsentPurpose
from scaleup.privacy.services import give_consent
from scaleup.projects.models import Measure, Partner, PolicyInstrument, Programme, Project, Theme
from scaleup.stakeholders.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    StakeholderGroup,
)

WARSAW = ZoneInfo("Europe/Warsaw")


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, label: str, created: bool) -> None:
        self.add(label, int(created))

    def add(self, label: str, number: int) -> None:
        self.created[label] = self.created.get(label, 0) + number

    def lines(self) -> list[str]:
        made = ", ".join(f"{n} {label}" for label, n in self.created.items() if n)
        return [f"Demo data loaded ({made or 'nothing new: already loaded'}).", *self.notes]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARSAW)


PARTNERS = [
    # (short name, name, role, country, city, instrument code or None)
    ("INFO", "Instituto de Fomento de la Región de Murcia (INFO)", "lead", "ES", "Murcia", "ERDF OP Murcia 2014-2020"),
    ("RMNH", "Regionalmanagement Nordhessen GmbH", "partner", "DE", "Kassel", "EFRE OP Hessen 2014-2020"),
    ("Attica", "Regional Development Fund of Attica", "partner", "EL", "Athens", "RDP Attica 2014-2020"),
    ("Lazio Innova", "Lazio Innova S.p.A.", "partner", "IT", "Rome", "POR FESR Lazio 2014-2020"),
    ("Lubelskie", "Województwo Lubelskie", "partner", "PL", "Lublin", "RPO WL 2014-2020"),
    ("Nottingham", "Nottingham City Council", "partner", "UK", "Nottingham", "ERDF OP England 2014-2020"),
    ("EURADA", "European Association of Development Agencies (EURADA)", "advisory", "BE", "Brussels", None),
]  # fmt: skip

INSTRUMENTS = {
    "ERDF OP Murcia 2014-2020": ("Program operacyjny EFRR Regionu Murcji 2014-2020", "ERDF Operational Programme of the Region of Murcia 2014-2020", "Murcia"),
    "EFRE OP Hessen 2014-2020": ("Program operacyjny EFRR Hesji 2014-2020", "ERDF Operational Programme Hesse 2014-2020", "Nordhessen"),
    "RDP Attica 2014-2020": ("Regionalny program rozwoju Attyki 2014-2020", "Regional Development Programme of Attica 2014-2020", "Attica"),
    "POR FESR Lazio 2014-2020": ("Regionalny program operacyjny EFRR Lacjum 2014-2020", "ERDF Regional Operational Programme of Lazio 2014-2020", "Lazio"),
    "RPO WL 2014-2020": ("Regionalny Program Operacyjny Województwa Lubelskiego na lata 2014-2020", "Regional Operational Programme of Lubelskie Voivodeship 2014-2020", "Lubelskie"),
    "ERDF OP England 2014-2020": ("Program operacyjny EFRR dla Anglii 2014-2020", "ERDF Operational Programme for England 2014-2020", "Nottingham"),
}  # fmt: skip

RPO_WL_MEASURES = [
    # (code, level, parent code, Polish, English, addressed)
    ("1", "axis", None, "Badania i innowacje", "Research and innovation", False),
    ("1.4", "measure", "1", "Transfer technologii i komercjalizacja badań", "Technology transfer and commercialisation of research", False),
    ("1.5", "measure", "1", "Bon na innowacje", "Innovation voucher", False),
    ("3", "axis", None, "Konkurencyjność przedsiębiorstw", "Competitiveness of enterprises", False),
    ("3.6", "measure", "3", "Marketing gospodarczy", "Economic marketing", True),
    ("3.7", "measure", "3", "Wzrost konkurencyjności MŚP", "Growth in the competitiveness of SMEs", True),
]  # fmt: skip

FEL_MEASURES = [
    ("II", "axis", None, "Transformacja gospodarcza i cyfrowa regionu", "Economic and digital transformation of the region", False),
    ("2.7", "measure", "II", "Lubelskie MŚP na rynkach zagranicznych", "Lubelskie SMEs on foreign markets", True),
]  # fmt: skip

THEMES = [
    ("Nowe modele współpracy biznesowej", "New business cooperation models"),
    ("Współpraca nauki z przemysłem", "Science-industry cooperation"),
    ("Sektory inteligentnej specjalizacji jako partnerstwa, sieci i klastry", "Smart-specialisation sectors as partnerships, networks and clusters"),
    ("Nowe technologie i dostęp do finansowania", "New technologies and access to finance"),
]  # fmt: skip

K = OrganisationKind
ORGANISATIONS = [
    ("Klaster Dolina Bystrzycy", K.CLUSTER, "Lublin"),
    ("Klaster Logistyczny Wschodnia Brama", K.CLUSTER, "Chełm"),
    ("Klaster Biogospodarki Roztocze", K.CLUSTER, "Zamość"),
    ("Klaster Medyczny Lubelskie Zdrowie", K.CLUSTER, "Lublin"),
    ("Gmina Zielony Jar", K.LOCAL_GOVERNMENT, "Zielony Jar"),
    ("Powiat Nadbużański", K.LOCAL_GOVERNMENT, "Włodawa"),
    ("Miasto Kraśnik Przemysłowy", K.LOCAL_GOVERNMENT, "Kraśnik"),
    ("Urząd Marszałkowski Województwa Lubelskiego", K.REGIONAL_AUTHORITY, "Lublin"),
    ("Lubelska Akademia Nauk Stosowanych", K.UNIVERSITY, "Lublin"),
    ("Instytut Agrobiotechnologii Wschód", K.UNIVERSITY, "Puławy"),
    ("Politechnika Nadwiślańska", K.UNIVERSITY, "Lublin"),
    ("Fundacja Rozwoju Przedsiębiorczości Wschód", K.BUSINESS_SUPPORT, "Lublin"),
    ("Centrum Transferu Wiedzy Lubelszczyzna", K.BUSINESS_SUPPORT, "Lublin"),
    ("Izba Gospodarcza Pogranicza", K.BUSINESS_SUPPORT, "Biała Podlaska"),
    ("Park Naukowo-Technologiczny Świdnik Demo", K.BUSINESS_SUPPORT, "Świdnik"),
    ("AgroSmak sp. z o.o.", K.SME, "Łęczna"),
    ("Bitwise Lublin sp. z o.o.", K.SME, "Lublin"),
    ("EkoPak s.c.", K.SME, "Biłgoraj"),
    ("Transmed Logistics sp. z o.o.", K.SME, "Chełm"),
    ("Jagodowe Wzgórze sp. z o.o.", K.SME, "Janów Lubelski"),
    ("MedTech Wieprz sp. z o.o.", K.SME, "Lublin"),
    ("Zakłady Nawozowe Wschód S.A.", K.LARGE_ENTERPRISE, "Puławy"),
    ("Lubelska Fabryka Maszyn Rolniczych S.A.", K.LARGE_ENTERPRISE, "Lublin"),
    ("Stowarzyszenie Młodzi Przedsiębiorcy Lubelszczyzny", K.NGO, "Lublin"),
    ("Fundacja Kobiety w Biznesie Wschód", K.NGO, "Zamość"),
    ("Lubelska Agencja Wspierania Eksportu", K.PUBLIC_BODY, "Lublin"),
    ("Hurtownia Techniczna Nadwiśle", K.ENTERPRISE, "Puławy"),
    ("Spółdzielnia Socjalna Roztocze", K.OTHER, "Zwierzyniec"),
    ("Stolarnia Tanew sp. z o.o.", K.SME, "Biłgoraj"),
]

FIRST_NAMES = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marcin", "Agnieszka", "Paweł", "Joanna", "Michał"]  # fmt: skip
LAST_NAMES = ["Nowak", "Wójcik", "Kowalczyk", "Zając", "Mazur", "Krawczyk", "Piątek", "Sobczak", "Lis", "Czarnecka"]  # fmt: skip

FIRST_MEETING_THEME_PL = (
    "Współpraca gospodarcza i relacje sieciowe we wzroście i ekspansji MŚP. "
    "Omówimy modele współpracy między firmami oraz między nauką a biznesem, rolę klastrów "
    "jako katalizatorów współpracy, sposoby, w jakie klastry wspierają wejście firm na nowe "
    "rynki, oraz korzyści, jakie członkostwo w klastrze daje firmom i instytucjom.\n\n"
    "W części warsztatowej uczestnicy z klastrów, samorządów, uczelni, instytucji otoczenia "
    "biznesu i firm wymienią się doświadczeniami: jakie potrzeby i bariery widzą we współpracy "
    "międzynarodowej, jakie rozwiązania działają i które dobre praktyki warto przenieść. "
    "Wnioski posłużą do przygotowania rekomendacji dla programu regionalnego na lata 2021-2027."
)
FIRST_MEETING_THEME_EN = (
    "Economic cooperation and network relations in the growth and expansion of SMEs. "
    "We will discuss models of cooperation between firms and between science and business, "
    "clusters as catalysts of cooperation, how clusters help firms enter new markets, and "
    "what cluster membership brings to firms and institutions.\n\n"
    "In the workshop part, participants from clusters, local governments, universities, "
    "business-support institutions and firms will exchange experience: which needs and "
    "barriers they see in international cooperation, which solutions work and which good "
    "practices are worth transferring. The conclusions will feed recommendations for the "
    "2021-2027 regional programme."
)

AGENDA = [
    ((10, 0), "Powitanie i przedstawienie projektu SCALE UP", "Welcome and introduction to the SCALE UP project", "Departament Gospodarki i Innowacji (demo)"),
    ((10, 20), "Modele współpracy biznesowej i współpracy nauki z biznesem", "Models of business and science-business cooperation", "ekspert zewnętrzny (demo)"),
    ((11, 0), "Klastry jako katalizatory współpracy: jak wspierają ekspansję firm", "Clusters as catalysts of cooperation: how they support firms' expansion", "przedstawiciele klastrów (demo)"),
    ((11, 40), "Przerwa kawowa", "Coffee break", ""),
    ((12, 0), "Warsztat: potrzeby, problemy, rozwiązania i dobre praktyki we współpracy międzynarodowej", "Workshop: needs, problems, solutions and good practices in international cooperation", "moderatorzy (demo)"),
    ((13, 30), "Podsumowanie i kolejne kroki", "Summary and next steps", ""),
]  # fmt: skip

MINUTES_PL = (
    "W spotkaniu wzięli udział przedstawiciele klastrów, samorządów, uczelni, instytucji "
    "otoczenia biznesu i firm. Uczestnicy wskazali m.in. na potrzebę wsparcia wspólnych "
    "wyjazdów na targi zagraniczne, brak stałego koordynatora współpracy klastrów z uczelniami "
    "oraz na wartość wizyt studyjnych w regionach partnerskich. Wnioski z warsztatu zostaną "
    "zebrane w rekomendacje dla programu regionalnego 2021-2027 (zapis demonstracyjny)."
)
MINUTES_EN = (
    "Representatives of clusters, local governments, universities, business-support "
    "institutions and firms took part. Participants pointed, among other things, to the need "
    "to support joint trips to foreign fairs, the lack of a permanent coordinator of "
    "cluster-university cooperation, and the value of study visits to partner regions. The "
    "workshop's conclusions will be gathered into recommendations for the 2021-2027 regional "
    "programme (demonstration record)."
)

POST_LEAD_PL = (
    "28 listopada 2019 r. w Lublinie spotkała się po raz pierwszy Regionalna Grupa "
    "Interesariuszy projektu SCALE UP. Rozmawialiśmy o tym, jak współpraca firm, klastrów "
    "i uczelni pomaga małym i średnim przedsiębiorstwom rosnąć i wychodzić na nowe rynki."
)
POST_LEAD_EN = (
    "On 28 November 2019 the Regional Stakeholder Group of the SCALE UP project met for the "
    "first time in Lublin. We talked about how cooperation between firms, clusters and "
    "universities helps small and medium-sized enterprises grow and enter new markets."
)
POST_BODY_PL = """<p>Pierwsze spotkanie grupy poświęciliśmy współpracy gospodarczej i relacjom
sieciowym. Na początku przedstawiliśmy projekt SCALE UP, realizowany w programie Interreg
Europe przez siedmiu partnerów z Hiszpanii, Niemiec, Grecji, Włoch, Polski, Wielkiej Brytanii
i Belgii. Następnie rozmawialiśmy o modelach współpracy między firmami oraz między nauką
a biznesem.</p>
<h2>Klastry jako katalizatory współpracy</h2>
<p>Wiele miejsca zajęła rola klastrów: jak pomagają firmom zdobywać kontakty za granicą,
wspólnie promować się na targach i korzystać z wiedzy uczelni. Przedstawiciele klastrów
opowiedzieli, jakie korzyści z członkostwa widzą ich firmy i instytucje.</p>
<h2>Warsztat</h2>
<p>W części warsztatowej uczestnicy – z klastrów, samorządów lokalnych, uczelni, instytucji
otoczenia biznesu i firm – pracowali w grupach. Wskazywali potrzeby i bariery we współpracy
międzynarodowej, rozwiązania, które się sprawdzają, oraz dobre praktyki warte przeniesienia.
Wnioski wykorzystamy, przygotowując rekomendacje dla programu regionalnego na lata 2021-2027.</p>
<h2>Dołącz do nas</h2>
<p>Zapraszamy firmy, instytucje i uczelnie z województwa lubelskiego do udziału w kolejnych
spotkaniach grupy. Zgłoszenie można wysłać przez formularz na tym portalu.</p>"""
POST_BODY_EN = """<p>We devoted the group's first meeting to economic cooperation and network
relations. We began by presenting the SCALE UP project, run under the Interreg Europe
programme by seven partners from Spain, Germany, Greece, Italy, Poland, the United Kingdom and
Belgium. We then discussed models of cooperation between firms and between science and
business.</p>
<h2>Clusters as catalysts of cooperation</h2>
<p>Much of the discussion was about clusters: how they help firms find contacts abroad,
promote themselves together at fairs and draw on universities' knowledge. Cluster
representatives described the benefits their member firms and institutions see.</p>
<h2>Workshop</h2>
<p>In the workshop, participants from clusters, local governments, universities,
business-support institutions and firms worked in groups. They named needs and barriers in
international cooperation, solutions that work and good practices worth transferring. We will
use the conclusions to prepare recommendations for the 2021-2027 regional programme.</p>
<h2>Join us</h2>
<p>Firms, institutions and universities of the Lubelskie region are welcome to take part in
the group's next meetings. You can apply through the form on this portal.</p>"""

PHOTOS = [
    ("Ilustracja: uczestnicy siedzą przy czterech okrągłych stołach warsztatowych", "Illustration: participants seated at four round workshop tables", "Praca w grupach warsztatowych", "Working in workshop groups"),
    ("Ilustracja: prelegent przy ekranie z wykresem słupkowym", "Illustration: a speaker next to a screen showing a bar chart", "Prezentacja modeli współpracy", "Presenting cooperation models"),
    ("Ilustracja: tablica z kolorowymi karteczkami pogrupowanymi w trzy kolumny", "Illustration: a board with coloured sticky notes grouped in three columns", "Potrzeby, problemy i rozwiązania", "Needs, problems and solutions"),
    ("Ilustracja: sieć połączonych punktów, w środku większy węzeł", "Illustration: a network of connected dots with a larger node in the middle", "Klaster jako węzeł współpracy", "The cluster as a hub of cooperation"),
    ("Ilustracja: sala konferencyjna z rzędami krzeseł przed sceną", "Illustration: a conference room with rows of chairs facing a stage", "Sala obrad w Lublinie", "The meeting room in Lublin"),
    ("Ilustracja: dwie osoby podają sobie ręce nad stołem", "Illustration: two people shaking hands across a table", "Nowe kontakty między firmami i uczelniami", "New contacts between firms and universities"),
]  # fmt: skip


def _draw_photo(index: int) -> io.BytesIO:
    """An illustrative picture (we ship no real photos): simple shapes on a calm background."""
    rng = random.Random(index)  # noqa: S311 - decoration, not security
    image = Image.new("RGB", (1200, 800), (232 - index * 6, 238, 246))
    draw = ImageDraw.Draw(image)
    palette = [(0, 51, 153), (255, 204, 0), (29, 94, 32), (164, 0, 15), (90, 90, 90)]
    if index == 0:
        for cx, cy in ((300, 250), (900, 250), (300, 600), (900, 600)):
            draw.ellipse((cx - 140, cy - 90, cx + 140, cy + 90), fill=(181, 136, 99))
            for k in range(6):
                angle = k * math.pi / 3
                x, y = cx + 190 * math.cos(angle), cy + 130 * math.sin(angle)
                draw.ellipse((x - 30, y - 30, x + 30, y + 30), fill=palette[k % 5])
    elif index == 1:
        draw.rectangle((500, 120, 1120, 520), fill=(255, 255, 255), outline=(0, 0, 0), width=6)
        for k in range(6):
            height = rng.randint(60, 330)
            draw.rectangle((560 + k * 90, 500 - height, 620 + k * 90, 500), fill=palette[k % 5])
        draw.ellipse((230, 260, 330, 360), fill=(120, 80, 60))
        draw.rectangle((220, 360, 340, 700), fill=(0, 51, 153))
    elif index == 2:
        for column in range(3):
            for row in range(5):
                x, y = 150 + column * 330, 120 + row * 120
                draw.rectangle((x, y, x + 240, y + 90), fill=palette[column + 1 if column else 1])
    elif index == 3:
        centre = (600, 400)
        points = [
            (600 + 320 * math.cos(k * 0.52), 400 + 280 * math.sin(k * 0.52)) for k in range(12)
        ]
        for point in points:
            draw.line((centre, point), fill=(0, 51, 153), width=5)
        for x, y in points:
            draw.ellipse(
                (x - 28, y - 28, x + 28, y + 28), fill=(255, 204, 0), outline=(0, 0, 0), width=3
            )
        draw.ellipse((530, 330, 670, 470), fill=(0, 51, 153))
    elif index == 4:
        draw.rectangle((300, 80, 900, 260), fill=(0, 51, 153))
        for row in range(5):
            for seat in range(10):
                x, y = 170 + seat * 90, 360 + row * 85
                draw.rectangle((x, y, x + 55, y + 50), fill=(90, 90, 90))
    else:
        draw.rectangle((200, 500, 1000, 560), fill=(181, 136, 99))
        draw.rectangle((250, 250, 420, 500), fill=(0, 51, 153))
        draw.rectangle((780, 250, 950, 500), fill=(29, 94, 32))
        draw.line((420, 330, 600, 380, 780, 330), fill=(120, 80, 60), width=40)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    buffer.name = f"rsg-lublin-2019-{index + 1}.jpg"
    return buffer


def _tree(
    instrument: PolicyInstrument,
    rows: list[tuple[str, str, str | None, str, str, bool]],
    summary: Summary,
) -> None:
    for code, level, parent_code, name_pl, name_en, addressed in rows:
        parent = (
            Measure.objects.get(instrument=instrument, code=parent_code) if parent_code else None
        )
        _, created = Measure.objects.update_or_create(
            instrument=instrument,
            code=code,
            defaults={
                "level": level,
                "parent": parent,
                "name_pl": name_pl,
                "name_en": name_en,
                "addressed": addressed,
            },
        )
        summary.count("measures", created)


def _next_meeting_day(today: dt.date) -> dt.date:
    day = today + dt.timedelta(days=28)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@transaction.atomic
def load_story() -> Summary:
    summary = Summary()
    # get_or_create: a facilitator's later edits of the configuration survive a reload.
    _, created = SiteConfiguration.objects.get_or_create(
        pk=1,
        defaults={
            "portal_name_pl": "SCALE UP Lubelskie – Regionalna Grupa Interesariuszy",
            "portal_name_en": "SCALE UP Lubelskie – Regional Stakeholder Group",
            "operator_name": "Województwo Lubelskie – Urząd Marszałkowski Województwa Lubelskiego w Lublinie",
            "contact_email": "scaleup@example.org",
            "shows_demo_data": True,
            "facebook_url": "https://www.facebook.com/interregeurope",
            "x_url": "https://x.com/interregeurope",
            "youtube_url": "https://www.youtube.com/@interregeurope",
            "a11y_published_on": dt.date(2019, 11, 29),
            "a11y_updated_on": dt.date(2026, 11, 26),
            "a11y_status": "full",
            "a11y_prepared_on": dt.date(2026, 11, 26),
            "a11y_reviewed_on": dt.date(2026, 11, 26),
            "a11y_assessment_pl": "samoocena z użyciem automatycznego audytu axe-core (WCAG 2.1 AA) i testów klawiaturą",
            "a11y_assessment_en": "self-assessment with an automated axe-core audit (WCAG 2.1 AA) and keyboard testing",
            "a11y_contact_person": "Koordynator ds. dostępności (demo)",
            "a11y_contact_email": "dostepnosc@example.org",
            "a11y_contact_phone": "+48 81 000 00 00",
            "a11y_architecture_pl": "Spotkania grupy odbywają się w budynkach dostępnych dla osób poruszających się na wózkach; informację o dostępności sali podajemy w opisie każdego spotkania (opis demonstracyjny).",
            "a11y_architecture_en": "The group meets in buildings accessible to wheelchair users; each meeting's description says how its room can be reached (demonstration text).",
        },
    )
    summary.count("site configuration", created)
    # Seeded by a migration; a flushed database (the test suite's) gets it back here.
    summary.add("indicators", ensure_catalogue(Indicator))

    programme, created = Programme.objects.get_or_create(
        name="Interreg Europe",
        period_start=2014,
        defaults={
            "period_end": 2020,
            "fund": "ERDF",
            "funding_statement_pl": "Projekt współfinansowany ze środków Europejskiego Funduszu Rozwoju Regionalnego w ramach programu Interreg Europe",
            "funding_statement_en": "Project co-financed by the European Regional Development Fund through the Interreg Europe programme",
            "website": "https://www.interregeurope.eu/",
        },
    )
    summary.count("programmes", created)

    project, created = Project.objects.get_or_create(
        slug="scale-up",
        defaults={
            "programme": programme,
            "acronym": "SCALE UP",
            "title_pl": "Wspieranie koncentracji i odporności MŚP w ramach odnowionej polityki przemysłowej UE",
            "title_en": "Supporting concentration and robustness of SMEs within the renewed EU Industrial Policy",
            "aim_pl": "Wzmocnienie konkurencyjności europejskich MŚP i przyspieszenie rozwoju regionów przez ulepszenie instrumentów polityki, które pomagają małym i średnim firmom rosnąć i wchodzić na rynki regionalne, krajowe i zagraniczne.",
            "aim_en": "To strengthen the competitiveness of European SMEs and speed up regional development by improving the policy instruments that help small and medium-sized firms grow and enter regional, national and foreign markets.",
            "started_on": dt.date(2019, 8, 1),
            "final_conference_on": dt.date(2022, 11, 18),
        },
    )
    summary.count("projects", created)
    for position, (name_pl, name_en) in enumerate(THEMES):
        _, created = Theme.objects.get_or_create(
            project=project, name_pl=name_pl, defaults={"name_en": name_en, "position": position}
        )
        summary.count("themes", created)

    instruments: dict[str, PolicyInstrument] = {}
    for code, (name_pl, name_en, region) in INSTRUMENTS.items():
        instruments[code], created = PolicyInstrument.objects.get_or_create(
            code=code,
            defaults={
                "name_pl": name_pl,
                "name_en": name_en,
                "region": region,
                "period_start": 2014,
                "period_end": 2020,
            },
        )
        summary.count("policy instruments", created)
    fel, created = PolicyInstrument.objects.get_or_create(
        code="FEL 2021-2027",
        defaults={
            "name_pl": "Fundusze Europejskie dla Lubelskiego 2021-2027",
            "name_en": "European Funds for Lubelskie 2021-2027",
            "region": "Lubelskie",
            "period_start": 2021,
            "period_end": 2027,
            "predecessor": instruments["RPO WL 2014-2020"],
        },
    )
    summary.count("policy instruments", created)
    _tree(instruments["RPO WL 2014-2020"], RPO_WL_MEASURES, summary)
    _tree(fel, FEL_MEASURES, summary)

    partners: dict[str, Partner] = {}
    for position, (short, name, role, country, city, instrument_code) in enumerate(PARTNERS):
        partners[short], created = Partner.objects.get_or_create(
            project=project,
            name=name,
            defaults={
                "short_name": short,
                "role": role,
                "country": country,
                "city": city,
                "position": position,
                "policy_instrument": instruments[instrument_code] if instrument_code else None,
            },
        )
        summary.count("partners", created)

    group, created = StakeholderGroup.objects.get_or_create(
        slug="lubelskie",
        defaults={
            "name_pl": "Regionalna Grupa Interesariuszy SCALE UP – Lubelskie",
            "name_en": "SCALE UP Regional Stakeholder Group – Lubelskie",
            "description_pl": "Klastry, samorządy, uczelnie, instytucje otoczenia biznesu i firmy, które wspólnie szukają sposobów na lepsze wsparcie rozwoju i ekspansji MŚP w programie regionalnym.",
            "description_en": "Clusters, local governments, universities, business-support institutions and firms looking together for better regional support for SMEs' growth and expansion.",
            "partner": partners["Lubelskie"],
            "policy_instrument": instruments["RPO WL 2014-2020"],
        },
    )
    summary.count("stakeholder groups", created)

    organisations: list[Organisation] = []
    for index, (name, kind, city) in enumerate(ORGANISATIONS):
        # Every second one agreed to be listed in the open data.
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "city": city, "is_demo": True, "in_open_data": index % 2 == 0},
        )
        summary.count("organisations", created)
        organisations.append(organisation)
        membership, created = Membership.objects.get_or_create(
            group=group, organisation=organisation, defaults={"joined_on": dt.date(2019, 11, 28)}
        )
        summary.count("memberships", created)
        first, last = FIRST_NAMES[index % 10], LAST_NAMES[(index * 3) % 10]
        person, created = Person.objects.get_or_create(
            email=f"kontakt{index + 1}@example.org",
            defaults={"first_name": first, "last_name": last, "organisation": organisation},
        )
        summary.count("people", created)
        membership.contacts.add(person)

    first_day = dt.date(2019, 11, 28)
    meeting, created = Meeting.objects.get_or_create(
        slug="rsg-lublin-2019-11-28",
        defaults={
            "group": group,
            "format": Meeting.Format.WORKSHOP,
            "title_pl": "I spotkanie Regionalnej Grupy Interesariuszy: współpraca gospodarcza i relacje sieciowe",
            "title_en": "1st Regional Stakeholder Group meeting: economic cooperation and network relations",
            "theme_pl": FIRST_MEETING_THEME_PL,
            "theme_en": FIRST_MEETING_THEME_EN,
            "starts_at": _at(first_day, 10),
            "ends_at": _at(first_day, 14),
            "venue_pl": "Urząd Marszałkowski Województwa Lubelskiego",
            "venue_en": "Marshal's Office of the Lubelskie Voivodeship",
            "address": "ul. Artura Grottgera 4, 20-029 Lublin",
            "capacity": 40,
            "registration_open": False,
            "is_published": True,
            "minutes_pl": MINUTES_PL,
            "minutes_en": MINUTES_EN,
        },
    )
    summary.count("meetings", created)
    if created:
        for position, ((hour, minute), title_pl, title_en, speaker) in enumerate(AGENDA):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                starts_at=dt.time(hour, minute),
                title_pl=title_pl,
                title_en=title_en,
                speaker=speaker,
            )
        people = {
            p.organisation_id: p for p in Person.objects.filter(organisation__in=organisations)
        }
        for index, organisation in enumerate(organisations[:22]):
            person = people[organisation.pk]
            agrees_to_photos = index % 3 != 2  # most, not all, agree to be photographed
            registration = Registration.objects.create(
                meeting=meeting,
                full_name=f"{person.first_name} {person.last_name}",
                email=person.email,
                organisation_name=organisation.name,
                organisation_kind=organisation.kind,
                organisation=organisation,
                status=Registration.Status.CONFIRMED,
                consent_given_at=_at(first_day - dt.timedelta(days=7), 12),
                attended=True,
                attendance_marked_at=_at(first_day, 14),
                image_consent=agrees_to_photos,
                person=meeting_services.person_for(person.email),
            )
            if agrees_to_photos:
                give_consent(
                    email=person.email,
                    purpose=ConsentPurpose.PHOTOS,
                    context=f"meetings.registration:{registration.pk}",
                    actor=None,
                )
        for position, (alt_pl, alt_en, caption_pl, caption_en) in enumerate(PHOTOS):
            meeting_services.add_photo(
                meeting=meeting,
                upload=_draw_photo(position),
                alt_text_pl=alt_pl,
                alt_text_en=alt_en,
                caption_pl=caption_pl,
                caption_en=caption_en,
                position=position,
                actor=None,
            )
            summary.count("photos", True)
    summary.count("workshops", load_workshop(meeting, organisations[:22]))
    summary.count("cooperation networks", load_network(group))
    summary.add("good practices", load_practices(group, partners["Lubelskie"]))
    workshop = Conversation.objects.get(slug=WORKSHOP_SLUG)
    summary.add("recommendations", load_recommendations(group, workshop))
    summary.count("action plans", load_action_plan(partners["Lubelskie"]))

    next_day = _next_meeting_day(timezone.localdate())
    upcoming, created = Meeting.objects.get_or_create(
        slug="rsg-lubelskie-msp-na-rynkach-zagranicznych",
        defaults={
            "group": group,
            "format": Meeting.Format.WORKSHOP,
            "title_pl": "Spotkanie grupy: MŚP na rynkach zagranicznych – czego potrzebują firmy?",
            "title_en": "Group meeting: SMEs on foreign markets – what do firms need?",
            "theme_pl": "Jak ułatwić małym i średnim firmom z Lubelskiego udział w targach i misjach gospodarczych za granicą? Porozmawiamy o doświadczeniach z naborów na działanie 2.7 programu FEL 2021-2027 i o tym, co klastry i instytucje otoczenia biznesu mogą zrobić wspólnie.",
            "theme_en": "How can small and medium-sized firms from Lubelskie take part more easily in fairs and economic missions abroad? We will discuss experience from the calls under FEL 2021-2027 measure 2.7 and what clusters and business-support institutions can do together.",
            "starts_at": _at(next_day, 10),
            "ends_at": _at(next_day, 13),
            "venue_pl": "Urząd Marszałkowski Województwa Lubelskiego, sala konferencyjna",
            "venue_en": "Marshal's Office of the Lubelskie Voivodeship, conference room",
            "address": "ul. Artura Grottgera 4, 20-029 Lublin",
            "capacity": 30,
            "is_published": True,
        },
    )
    if not created and upcoming.is_past:
        upcoming.starts_at, upcoming.ends_at = _at(next_day, 10), _at(next_day, 13)
        upcoming.save(update_fields=["starts_at", "ends_at", "updated_at"])
    summary.count("meetings", created)
    if created:
        for position, ((hour, minute), title_pl, title_en) in enumerate(
            [
                (
                    (10, 0),
                    "Doświadczenia firm z udziału w targach zagranicznych",
                    "Firms' experience of foreign fairs",
                ),
                (
                    (11, 0),
                    "Działanie 2.7 FEL: wnioski z pierwszego naboru",
                    "FEL measure 2.7: lessons from the first call",
                ),
                (
                    (12, 0),
                    "Warsztat: wspólne stoiska i misje klastrów",
                    "Workshop: joint cluster stands and missions",
                ),
            ]
        ):
            AgendaItem.objects.create(
                meeting=upcoming,
                position=position,
                starts_at=dt.time(hour, minute),
                title_pl=title_pl,
                title_en=title_en,
            )

    if not Post.objects.filter(slug="pierwsze-spotkanie-rsg-lublin").exists():
        save_post(
            post=Post(
                slug="pierwsze-spotkanie-rsg-lublin",
                title_pl="Pierwsze spotkanie Regionalnej Grupy Interesariuszy SCALE UP w Lublinie",
                title_en="First meeting of the SCALE UP Regional Stakeholder Group in Lublin",
                lead_pl=POST_LEAD_PL,
                lead_en=POST_LEAD_EN,
                body_pl=POST_BODY_PL,
                body_en=POST_BODY_EN,
                status=Post.Status.PUBLISHED,
                published_at=_at(dt.date(2019, 11, 29), 12),
                meeting=meeting,
            ),
            actor=None,
        )
        summary.count("news posts", True)

    if not Page.objects.filter(slug="o-grupie").exists():
        save_page(
            page=Page(
                slug="o-grupie",
                title_pl="O grupie interesariuszy",
                title_en="About the stakeholder group",
                body_pl="<p>Regionalna Grupa Interesariuszy łączy organizacje, które projektują i wdrażają politykę wsparcia MŚP w województwie lubelskim. Jej członkami są organizacje; osoby reprezentują je jako osoby kontaktowe.</p><p>Grupa spotyka się na warsztatach, wymienia doświadczenia z regionami partnerskimi i przygotowuje rekomendacje dla programu regionalnego.</p>",
                body_en="<p>The Regional Stakeholder Group brings together the organisations that design and implement SME support policy in the Lubelskie region. Its members are organisations; people represent them as contact persons.</p><p>The group meets in workshops, exchanges experience with partner regions and prepares recommendations for the regional programme.</p>",
                position=0,
            ),
            actor=None,
        )
        summary.count("pages", True)

    summary.notes.extend(
        _demo_accounts(partners["Lubelskie"], Person.objects.get(email="kontakt1@example.org"))
    )
    return summary


def _demo_accounts(partner: Partner, member_contact: Person) -> list[str]:
    """Accounts for trying the roles. Anyone signs in with a code sent by e-mail (printed on
    the console of a local server); the three staff accounts also get a password, shown
    once."""
    user_model = get_user_model()
    notes = []
    if not user_model.objects.filter(username="facilitator").exists():
        password = secrets.token_urlsafe(12)
        facilitator = _demo_user("facilitator", "facilitator@lubelskie.example", "Anna", "Demo")
        facilitator.set_password(password)
        facilitator.save()
        RoleAssignment.objects.create(user=facilitator, role="facilitator", partner=partner)
        notes.append(
            f"Facilitator of Lubelskie: facilitator@lubelskie.example, password '{password}' "
            "(shown once); workspace at /pl/workspace/."
        )
    if not user_model.objects.filter(username="coordinator").exists():
        password = secrets.token_urlsafe(12)
        coordinator = _demo_user("coordinator", "coordinator@lubelskie.example", "Marek", "Demo")
        coordinator.set_password(password)
        coordinator.save()
        RoleAssignment.objects.create(user=coordinator, role="coordinator", project=partner.project)
        notes.append(
            f"Project coordinator (the lead partner): coordinator@lubelskie.example, password "
            f"'{password}' (shown once); every partner's indicators at /pl/indicators/."
        )
    if not user_model.objects.filter(username="admin").exists():
        password = secrets.token_urlsafe(12)
        admin = _demo_user("admin", "admin@scaleup.example", "Site", "Administrator")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        notes.append(
            f"Site administrator: admin@scaleup.example, password '{password}' (shown once)."
        )
    if member_contact.user_id is None:
        member_contact.user = _demo_user(
            "member", member_contact.email, member_contact.first_name, member_contact.last_name
        )
        member_contact.save(update_fields=["user"])
        notes.append(f"Group member: {member_contact.email}, signs in with a code only.")
    return notes


def _demo_user(username: str, email: str, first_name: str, last_name: str) -> Any:
    user = get_user_model().objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
