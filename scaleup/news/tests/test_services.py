from __future__ import annotations

import pytest

from scaleup.core.models import AuditEntry
from scaleup.news import services
from scaleup.news.models import Post
from scaleup.news.tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_save_post_strips_scripts_and_event_handlers(admin_user):
    post = PostFactory.build(
        body_pl='<p onclick="x()">Tekst</p><script>alert(1)</script>',
        body_en='<a href="javascript:alert(1)">link</a>',
    )
    services.save_post(post=post, actor=admin_user)
    post.refresh_from_db()
    assert post.body_pl == "<p>Tekst</p>"
    assert "javascript" not in post.body_en


def test_save_post_keeps_safe_formatting(admin_user):
    post = PostFactory.build(body_pl="<h2>Warsztat</h2><p><strong>Ważne</strong></p>")
    services.save_post(post=post, actor=admin_user)
    assert post.body_pl == "<h2>Warsztat</h2><p><strong>Ważne</strong></p>"


def test_publishing_sets_date_and_audits(admin_user):
    post = PostFactory.create(status=Post.Status.DRAFT, published_at=None)
    services.publish_post(post=post, actor=admin_user)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at is not None
    assert AuditEntry.objects.filter(action="news.post.published", actor=admin_user).exists()


def test_save_page_sanitises(admin_user):
    page = PageFactory.build(body_pl="<iframe src='x'></iframe><p>ok</p>")
    services.save_page(page=page, actor=admin_user)
    assert page.body_pl == "<p>ok</p>"


@pytest.mark.django_db
def test_editing_a_post_records_the_changed_fields() -> None:
    from scaleup.core.models import AuditEntry
    from scaleup.news.services import save_post
    from scaleup.news.tests.factories import PostFactory

    post = PostFactory.create(title_pl="Stary tytuł")
    post.title_pl = "Nowy tytuł"
    save_post(post=post, actor=None)
    entry = AuditEntry.objects.get(action="news.post.changed")
    assert entry.data["changes"] == {"title_pl": ["Stary tytuł", "Nowy tytuł"]}
