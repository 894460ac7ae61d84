"""Good practices: the library and published practices are public; a draft is seen only by
its partner's staff. Recording and editing need `practice:manage` for the practice's
partner (another region's facilitator: 404); lessons need `meeting:manage` for the
learning event's region. Members and outsiders get 403, anonymous visitors sign in."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Expected, Row, everyone, staff
from scaleup.meetings.models import Meeting
from scaleup.practices.tests.factories import GoodPracticeFactory, LessonFactory
from scaleup.testing.world import World


def _published(world: World) -> dict[str, Any]:
    return {"slug": GoodPracticeFactory.create(partner=world.lubelskie.partner).slug}


def _draft(world: World) -> dict[str, Any]:
    practice = GoodPracticeFactory.create(partner=world.lubelskie.partner, is_published=False)
    return {"slug": practice.slug}


def _study_visit(world: World) -> dict[str, Any]:
    Meeting.objects.filter(pk=world.lubelskie.meeting.pk).update(format="study_visit")
    return {"pk": world.lubelskie.meeting.pk}


def _lesson(world: World) -> dict[str, Any]:
    _study_visit(world)
    return {"pk": LessonFactory.create(meeting=world.lubelskie.meeting).pk}


def _practice_form(world: World) -> dict[str, Any]:
    return {
        "partner": str(world.lubelskie.partner.pk),
        "title": "Centrum obsługi eksportera",
        "language": "pl",
        "region": "Lubelskie (PL81)",
        "country": "PL",
        "sector": "",
        "summary": "Jedno miejsce dla firm, które chcą eksportować.",
        "problem": "",
        "description": "Doradztwo i misje gospodarcze.",
        "resources": "",
        "evidence": "",
        "difficulties": "",
        "transferability": "",
        "contact_name": "",
        "contact_organisation": "Urząd Marszałkowski",
        "contact_email": "",
        "is_published": "on",
    }


#: Attica's facilitator records practices for Attica: the form opens, but a Lubelskie
#: partner is not among its choices, so the post shows the form again (200).
CREATE: Expected = staff(REDIRECT) | {"other_facilitator": 200}
DRAFT: Expected = everyone(404) | {
    "facilitator": 200,
    "coordinator": 200,
    "site_admin": 200,
}
LIST: Expected = staff(200, other_region=200)

ROWS = [
    Row("practices:library", get=everyone(200)),
    Row("practices:library", get=everyone(200), query="?q=eksport&country=PL", variant="search"),
    Row("practices:detail", get=everyone(200), kwargs=_published),
    Row("practices:detail", get=DRAFT, kwargs=_draft, variant="draft"),
    Row("practices:manage", get=LIST),
    Row("practices:manage_export_xlsx", get=LIST),
    Row(
        "practices:practice_create",
        get=staff(200, other_region=200),
        post=CREATE,
        data=_practice_form,
    ),
    Row(
        "practices:practice_edit",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_published,
        data=_practice_form,
    ),
    Row(
        "practices:lessons",
        get=staff(200),
        post=staff(REDIRECT),
        kwargs=_study_visit,
        data=lambda world: {"text": "Wspólne stoisko regionu działa lepiej.", "practices": []},
    ),
    Row("practices:lessons_export_xlsx", get=staff(200), kwargs=_study_visit),
    Row("practices:lesson_delete", get=staff(405), post=staff(REDIRECT), kwargs=_lesson),
]
