"""News posts and pages saved in the back office go through the services: bodies are sanitised."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from scaleup.core.models import AuditEntry
from scaleup.news.models import Page, Post
from scaleup.news.tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db

SCRIPT_BODY = '<p>Relacja ze spotkania.</p><script>alert("x")</script>'


def _post_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title_pl": "Warsztaty w Lublinie",
        "slug": "warsztaty-w-lublinie",
        "lead_pl": "Krótko o warsztatach.",
        "body_pl": SCRIPT_BODY,
        "body_en": "<p onclick='steal()'>Report</p>",
        "status": Post.Status.DRAFT,
    }
    data.update(overrides)
    return data


def test_post_saved_in_admin_has_its_body_sanitised(admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:news_post_add"), _post_data())

    assert response.status_code == 302
    post = Post.objects.get()
    assert "<script" not in post.body_pl
    assert "Relacja ze spotkania." in post.body_pl
    assert "onclick" not in post.body_en


def test_post_saved_in_admin_is_audited_with_its_author(
    admin_client: Client, admin_user: User
) -> None:
    admin_client.post(reverse("admin:news_post_add"), _post_data())

    post = Post.objects.get()
    assert post.author == admin_user
    assert AuditEntry.objects.filter(action="news.post.created", actor=admin_user).exists()


def test_post_changed_in_admin_has_its_body_sanitised(admin_client: Client) -> None:
    post = PostFactory.create(status=Post.Status.DRAFT, published_at=None)
    url = reverse("admin:news_post_change", args=[post.pk])

    admin_client.post(url, _post_data(slug=post.slug))

    post.refresh_from_db()
    assert "<script" not in post.body_pl


def test_post_saved_as_published_gets_a_publication_date(admin_client: Client) -> None:
    admin_client.post(reverse("admin:news_post_add"), _post_data(status=Post.Status.PUBLISHED))

    assert Post.objects.get().published_at is not None


def test_publish_action_publishes_drafts(admin_client: Client) -> None:
    drafts = PostFactory.create_batch(2, status=Post.Status.DRAFT, published_at=None)

    admin_client.post(
        reverse("admin:news_post_changelist"),
        {"action": "publish_selected", "_selected_action": [p.pk for p in drafts]},
    )

    for post in drafts:
        post.refresh_from_db()
        assert post.status == Post.Status.PUBLISHED
        assert post.published_at is not None
    assert AuditEntry.objects.filter(action="news.post.published").count() == 2


def test_publish_action_keeps_the_date_of_published_posts(admin_client: Client) -> None:
    published = PostFactory.create()
    published_at = published.published_at

    admin_client.post(
        reverse("admin:news_post_changelist"),
        {"action": "publish_selected", "_selected_action": [published.pk]},
    )

    published.refresh_from_db()
    assert published.published_at == published_at
    assert not AuditEntry.objects.filter(action="news.post.published").exists()


def test_posts_are_searched_by_title_and_filtered_by_status(admin_client: Client) -> None:
    wanted = PostFactory.create(
        title_pl="Innowacje w MŚP", status=Post.Status.DRAFT, published_at=None
    )
    PostFactory.create(title_pl="Innowacje w regionie")  # published
    PostFactory.create(status=Post.Status.DRAFT, published_at=None)  # another title

    response = admin_client.get(
        reverse("admin:news_post_changelist"), {"q": "Innowacje", "status__exact": "draft"}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_page_saved_in_admin_has_its_body_sanitised(admin_client: Client) -> None:
    page = PageFactory.create()
    url = reverse("admin:news_page_change", args=[page.pk])

    response = admin_client.post(
        url,
        {
            "title_pl": page.title_pl,
            "slug": page.slug,
            "body_pl": SCRIPT_BODY,
            "position": 0,
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert "<script" not in page.body_pl
    assert AuditEntry.objects.filter(action="news.page.changed").exists()


def test_page_list_edit_goes_through_the_service(admin_client: Client) -> None:
    page = PageFactory.create(body_pl=SCRIPT_BODY)  # stored unsanitised by the factory

    admin_client.post(
        reverse("admin:news_page_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": page.pk,
            "form-0-position": "5",
            "_save": "Save",
        },
    )

    page = Page.objects.get(pk=page.pk)
    assert page.position == 5
    assert "<script" not in page.body_pl
