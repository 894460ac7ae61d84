"""Good practices: recorded in the Interreg template, found by search and filters, and
linked to the lessons learnt at learning events; bad input saves nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Meeting
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.practices import selectors, services
from scaleup.practices.models import GoodPractice, Lesson
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.privacy import services as privacy_services
from scaleup.projects.tests.factories import ThemeFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _new(world: World, **fields: object) -> GoodPractice:
    values: dict[str, object] = {
        "partner": world.lubelskie.partner,
        "title": "Centrum Obsługi Inwestorów i Eksporterów",
        "region": "Lubelskie (PL81)",
        "country": "PL",
        "summary": "Jedno miejsce dla eksporterów.",
        "description": "Doradztwo, misje i targi.",
        "contact_organisation": "Urząd Marszałkowski",
    }
    return GoodPractice(**(values | fields))


def test_a_practice_is_saved_with_a_unique_slug_and_audited(world: World) -> None:
    first = services.save_practice(practice=_new(world), actor=world.lubelskie.facilitator)
    second = services.save_practice(practice=_new(world), actor=world.lubelskie.facilitator)
    assert first.slug == "centrum-obslugi-inwestorow-i-eksporterow"
    assert second.slug == f"{first.slug}-2"
    assert AuditEntry.objects.filter(action="practices.practice.created").count() == 2


@pytest.mark.parametrize(("field", "size"), [("description", 4001), ("summary", 501)])
def test_an_oversize_section_is_refused(world: World, field: str, size: int) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_practice(
            practice=_new(world, **{field: "x" * size}), actor=world.lubelskie.facilitator
        )
    assert field in refused.value.message_dict
    assert not GoodPractice.objects.exists()


def test_themes_of_another_project_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_practice(practice=_new(world), themes=[ThemeFactory.create()], actor=None)
    assert "themes" in refused.value.message_dict
    assert not GoodPractice.objects.exists()


def test_another_regions_facilitator_cannot_save_the_practice(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_practice(practice=_new(world), actor=world.attica.facilitator)


def test_search_and_filters_narrow_the_library(world: World) -> None:
    theme = ThemeFactory.create(project=world.project)
    nlab = GoodPracticeFactory.create(title="NLab akcelerator", sector="IT", country="PL")
    nlab.themes.add(theme)
    GoodPracticeFactory.create(title="Innovation Lab", sector="IT", country="DE")
    GoodPracticeFactory.create(title="NLab szkic", is_published=False)
    found = selectors.published(selectors.Filters(query="nlab"))
    assert list(found) == [nlab]
    assert set(selectors.published(selectors.Filters(sector="it"))) >= {nlab}
    assert list(selectors.published(selectors.Filters(country="DE"))) != [nlab]
    assert list(selectors.published(selectors.Filters(theme=theme.pk))) == [nlab]


def test_the_library_page_filters_by_get_parameters(client: Client, world: World) -> None:
    GoodPracticeFactory.create(title="Marka Lubelskie", country="PL")
    GoodPracticeFactory.create(title="Innovation Lab", country="DE")
    page = client.get(url("practices:library", "en"), {"country": "DE"}).content.decode()
    assert "Innovation Lab" in page and "Marka Lubelskie" not in page


def test_the_library_runs_the_same_queries_for_more_practices(client: Client, world: World) -> None:
    theme = ThemeFactory.create(project=world.project)
    for _ in range(2):
        GoodPracticeFactory.create().themes.add(theme)
    client.get(url("practices:library"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("practices:library"))
    for _ in range(15):
        GoodPracticeFactory.create().themes.add(theme)
    with CaptureQueriesContext(connection) as many:
        client.get(url("practices:library"))
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_lessons_are_kept_only_for_learning_events(world: World) -> None:
    workshop = MeetingFactory.create(group=world.lubelskie.group, format=Meeting.Format.WORKSHOP)
    with pytest.raises(ValidationError) as refused:
        services.add_lesson(meeting=workshop, text="Coś", practices=[], actor=None)
    assert "text" in refused.value.message_dict
    assert not Lesson.objects.exists()


def test_a_lesson_links_practices_and_shows_on_their_page(client: Client, world: World) -> None:
    visit = MeetingFactory.create(
        group=world.lubelskie.group, format=Meeting.Format.PEER_REVIEW, title_en="Peer review"
    )
    practice = GoodPracticeFactory.create()
    services.add_lesson(
        meeting=visit,
        text="Marka regionu otwiera drzwi małym firmom.",
        practices=[practice],
        actor=world.lubelskie.facilitator,
    )
    page = client.get(url("practices:detail", "en", slug=practice.slug)).content.decode()
    assert "Marka regionu otwiera drzwi małym firmom." in page
    assert "Peer review" in page


def test_another_regions_draft_cannot_be_linked(world: World) -> None:
    visit = MeetingFactory.create(group=world.lubelskie.group, format=Meeting.Format.STUDY_VISIT)
    draft = GoodPracticeFactory.create(partner=world.attica.partner, is_published=False)
    with pytest.raises(ValidationError) as refused:
        services.add_lesson(meeting=visit, text="Lekcja", practices=[draft], actor=None)
    assert "practices" in refused.value.message_dict


def test_the_contact_person_is_erased_but_the_practice_stays(world: World) -> None:
    member = world.lubelskie.member
    practice = GoodPracticeFactory.create(
        contact_name="Member Lubelskie", contact_email=member.email
    )
    privacy_services.erase_personal_data(user=member, actor=member)
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_email) == ("", "")
    assert practice.contact_organisation == "Urząd Marszałkowski"


def test_a_practice_cannot_take_the_slug_of_a_page(world: World) -> None:
    practice = services.save_practice(practice=_new(world, title="Manage"), actor=None)
    assert practice.slug == "manage-praktyka"


def test_a_lesson_of_an_unpublished_event_shows_only_to_the_regions_staff(
    client: Client, world: World
) -> None:
    event = MeetingFactory.create(
        group=world.lubelskie.group, format=Meeting.Format.STAFF_EXCHANGE, is_published=False
    )
    practice = GoodPracticeFactory.create(partner=world.lubelskie.partner)
    services.add_lesson(
        meeting=event, text="Notatka robocza z wymiany.", practices=[practice], actor=None
    )
    page = url("practices:detail", slug=practice.slug)
    assert "Notatka robocza z wymiany." not in client.get(page).content.decode()
    client.force_login(world.lubelskie.facilitator)
    assert "Notatka robocza z wymiany." in client.get(page).content.decode()


def test_a_practice_saved_twice_at_once_is_a_message_not_an_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.save_practice(practice=_new(world), actor=None)
    monkeypatch.setattr(services, "unique_slug", lambda title, exclude_pk=None: first.slug)
    with pytest.raises(ValidationError) as refused:
        services.save_practice(practice=_new(world), actor=None)
    assert "title" in refused.value.message_dict
    assert GoodPractice.objects.count() == 1
