from __future__ import annotations

import pytest

from scaleup.access.models import RoleAssignment
from scaleup.core.models import AuditEntry
from scaleup.news.models import Post
from scaleup.news.tests.factories import PostFactory
from scaleup.testing.urls import url

pytestmark = pytest.mark.django_db


def _data(world, **changes):
    return {
        "partner": world.lubelskie.partner.pk,
        "slug": "nowa-aktualnosc",
        "title_pl": "Nowa aktualność",
        "title_en": "News",
        "lead_pl": "Wstęp.",
        "lead_en": "",
        "body_pl": '<p>Treść <a href="https://example.org">link</a></p><script>alert(1)</script>',
        "body_en": "",
        "meeting": "",
    } | changes


@pytest.fixture
def project_post(world):
    return PostFactory.create(
        partner=None, slug="projekt", status=Post.Status.DRAFT, published_at=None
    )


def test_list_shows_own_regions_posts(client, world, project_post):
    client.force_login(world.lubelskie.facilitator)
    posts = list(client.get(url("workspace:posts")).context["page"])
    assert posts == [world.lubelskie.draft_post]


def test_coordinator_also_sees_project_wide_posts(client, world, project_post):
    client.force_login(world.coordinator)
    posts = set(client.get(url("workspace:posts")).context["page"])
    assert posts == {world.lubelskie.draft_post, world.attica.draft_post, project_post}


def test_create_a_post_as_a_draft_of_the_facilitators_region(client, world):
    client.force_login(world.lubelskie.facilitator)
    form = client.get(url("workspace:post_create")).context["form"]
    assert list(form.fields["partner"].queryset) == [world.lubelskie.partner]
    response = client.post(url("workspace:post_create"), _data(world))
    assert response.status_code == 302
    post = Post.objects.get(slug="nowa-aktualnosc")
    assert post.partner == world.lubelskie.partner
    assert post.author == world.lubelskie.facilitator
    assert post.status == Post.Status.DRAFT
    assert "<script>" not in post.body_pl
    assert 'href="https://example.org"' in post.body_pl
    assert AuditEntry.objects.filter(action="news.post.created").exists()


def test_a_facilitator_of_several_partners_picks_one(client, world):
    RoleAssignment.objects.create(
        user=world.lubelskie.facilitator, role="facilitator", partner=world.attica.partner
    )
    client.force_login(world.lubelskie.facilitator)
    form = client.get(url("workspace:post_create")).context["form"]
    assert set(form.fields["partner"].queryset) == {world.lubelskie.partner, world.attica.partner}
    client.post(url("workspace:post_create"), _data(world, partner=world.attica.partner.pk))
    assert Post.objects.get(slug="nowa-aktualnosc").partner == world.attica.partner


def test_a_facilitator_cannot_write_project_wide_news(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:post_create"), _data(world, partner=""))
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Post.objects.filter(slug="nowa-aktualnosc").exists()


def test_a_facilitator_cannot_write_for_another_region(client, world):
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:post_create"), _data(world, partner=world.attica.partner.pk)
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Post.objects.filter(slug="nowa-aktualnosc").exists()


def test_a_coordinator_writes_project_wide_news(client, world):
    client.force_login(world.coordinator)
    response = client.post(url("workspace:post_create"), _data(world, partner=""))
    assert response.status_code == 302
    assert Post.objects.get(slug="nowa-aktualnosc").partner is None


def test_edit_a_post(client, world):
    post = world.lubelskie.draft_post
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:post_edit", pk=post.pk),
        _data(world, slug=post.slug, title_pl="Zmieniony", meeting=world.lubelskie.meeting.pk),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title_pl == "Zmieniony"
    assert post.meeting == world.lubelskie.meeting
    assert post.author is None  # editing does not claim authorship
    assert AuditEntry.objects.filter(action="news.post.changed").exists()


def test_a_post_cannot_report_another_regions_meeting(client, world):
    post = world.lubelskie.draft_post
    client.force_login(world.lubelskie.facilitator)
    response = client.post(
        url("workspace:post_edit", pk=post.pk),
        _data(world, slug=post.slug, meeting=world.attica.meeting.pk),
    )
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors


def test_publish_a_post(client, world):
    post = world.lubelskie.draft_post
    client.force_login(world.lubelskie.facilitator)
    response = client.post(url("workspace:post_publish", pk=post.pk))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at is not None
    assert AuditEntry.objects.filter(action="news.post.published").exists()
    again = client.post(url("workspace:post_publish", pk=post.pk))
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="news.post.published").count() == 1


@pytest.mark.parametrize("name", ["workspace:post_edit", "workspace:post_publish"])
def test_facilitators_cannot_touch_project_wide_posts(client, world, project_post, name):
    client.force_login(world.lubelskie.facilitator)
    assert client.post(url(name, pk=project_post.pk), _data(world, partner="")).status_code == 404
    project_post.refresh_from_db()
    assert project_post.status == Post.Status.DRAFT
    assert project_post.title_pl != "Nowa aktualność"


def test_coordinators_publish_project_wide_posts(client, world, project_post):
    client.force_login(world.coordinator)
    client.post(url("workspace:post_publish", pk=project_post.pk))
    project_post.refresh_from_db()
    assert project_post.status == Post.Status.PUBLISHED
