"""Publishing news. Bodies are sanitised here, so every way in stores safe HTML."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from scaleup.core.audit import changes, record, snapshot, stored_snapshot
from scaleup.core.html import sanitise_html
from scaleup.news.models import Page, Post


@transaction.atomic
def save_post(*, post: Post, actor: Any) -> Post:
    created = post.pk is None
    before = stored_snapshot(post)
    post.body_pl = sanitise_html(post.body_pl)
    post.body_en = sanitise_html(post.body_en)
    if post.status == Post.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    post.save()
    record(
        actor=actor,
        action="news.post.created" if created else "news.post.changed",
        target=post,
        changes=changes(before, snapshot(post)),
    )
    return post


@transaction.atomic
def publish_post(*, post: Post, actor: Any, at: datetime | None = None) -> Post:
    post.status = Post.Status.PUBLISHED
    post.published_at = at or post.published_at or timezone.now()
    post.save(update_fields=["status", "published_at", "updated_at"])
    record(actor=actor, action="news.post.published", target=post)
    return post


@transaction.atomic
def save_page(*, page: Page, actor: Any) -> Page:
    created = page.pk is None
    before = stored_snapshot(page)
    page.body_pl = sanitise_html(page.body_pl)
    page.body_en = sanitise_html(page.body_en)
    page.save()
    record(
        actor=actor,
        action="news.page.created" if created else "news.page.changed",
        target=page,
        changes=changes(before, snapshot(page)),
    )
    return page
