from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from scaleup.meetings import services as meeting_services
from scaleup.meetings.tests.factories import MeetingFactory
from scaleup.news.models import Post
from scaleup.news.tests.factories import PageFactory, PostFactory
from scaleup.projects.tests.factories import PartnerFactory, ProjectFactory
from scaleup.testing.images import jpeg_upload
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


def test_root_redirects_to_polish(client):
    response = client.get("/", headers={"accept-language": ""})
    assert response.status_code == 302
    assert response.url == "/pl/"


@pytest.mark.parametrize(("language", "aim"), [("pl", "Cel projektu"), ("en", "Project aim")])
def test_home_shows_project_partners_meetings_and_news(client, language, aim):
    project = ProjectFactory.create(aim_pl="Cel projektu", aim_en="Project aim")
    PartnerFactory.create(project=project, name="Lazio Innova")
    MeetingFactory.create(title_pl="Spotkanie", title_en="Meeting soon")
    PostFactory.create(title_pl="Wiadomość", title_en="Story")
    response = client.get(url("news:home", language))
    assert response.status_code == 200
    for expected in (aim, "Lazio Innova", "Spotkanie" if language == "pl" else "Meeting soon"):
        assert expected in response.text


def test_home_works_on_an_empty_portal(client):
    assert client.get(url("news:home")).status_code == 200


def test_every_page_has_skip_link_landmarks_and_accessibility_link(client):
    text = client.get(url("news:home")).text
    assert 'href="#main"' in text
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in text
    assert url("core:accessibility") in text


def test_language_switcher_links_to_same_page_in_english(client):
    post = PostFactory.create()
    text = client.get(url("news:detail", slug=post.slug)).text
    assert f'href="{url("news:detail", "en", slug=post.slug)}"' in text


def test_draft_and_future_posts_are_hidden(client):
    PostFactory.create(title_pl="Szkic", status=Post.Status.DRAFT, published_at=None)
    PostFactory.create(title_pl="Jutro", published_at=timezone.now() + dt.timedelta(days=1))
    text = client.get(url("news:list")).text
    assert "Szkic" not in text
    assert "Jutro" not in text


def test_post_detail_shows_gallery_with_alt_texts_and_share_links(client, admin_user):
    meeting = MeetingFactory.create(past=True)
    meeting_services.add_photo(
        meeting=meeting, upload=jpeg_upload(), alt_text_pl="Uczestnicy warsztatu", actor=admin_user
    )
    post = PostFactory.create(meeting=meeting)
    response = client.get(url("news:detail", slug=post.slug))
    assert 'alt="Uczestnicy warsztatu"' in response.text
    assert "facebook.com/sharer" in response.text
    assert url("stakeholders:join") in response.text


@pytest.mark.parametrize("language", ["pl", "en"])
def test_post_detail_in_each_language(client, language):
    post = PostFactory.create(title_pl="Pierwsze spotkanie", title_en="First meeting")
    response = client.get(url("news:detail", language, slug=post.slug))
    assert ("Pierwsze spotkanie" if language == "pl" else "First meeting") in response.text


def test_english_falls_back_to_polish_when_missing(client):
    post = PostFactory.create(title_pl="Tylko po polsku", title_en="")
    assert "Tylko po polsku" in client.get(url("news:detail", "en", slug=post.slug)).text


def test_unknown_post_is_not_found(client):
    assert client.get(url("news:detail", slug="nope")).status_code == 404


def test_static_page_renders_and_is_linked_in_footer(client):
    page = PageFactory.create(title_pl="O grupie")
    response = client.get(url("news:page", slug=page.slug))
    assert response.status_code == 200
    assert page.get_absolute_url() in client.get(url("news:home")).text


def test_atom_feed_is_valid_and_lists_published_posts(client):
    PostFactory.create(title_pl="Pierwsza")
    PostFactory.create(title_pl="Szkic", status=Post.Status.DRAFT, published_at=None)
    response = client.get(url("news:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Pierwsza"]


@pytest.mark.parametrize("count", [10, 200])
def test_news_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    PostFactory.create_batch(count)
    with django_assert_max_num_queries(5):
        assert client.get(url("news:list")).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_home_queries_do_not_grow(client, django_assert_max_num_queries, count):
    project = ProjectFactory.create()
    PartnerFactory.create_batch(7, project=project)
    PostFactory.create_batch(count)
    MeetingFactory.create_batch(count)
    with django_assert_max_num_queries(8):
        assert client.get(url("news:home")).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_atom_feed_queries_do_not_grow(client, django_assert_max_num_queries, count):
    PostFactory.create_batch(count)
    with django_assert_max_num_queries(3):
        client.get(url("news:feed"))
