from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from scaleup.meetings.models import Photo
from scaleup.news.models import Page, Post


def published_posts() -> QuerySet[Post]:
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())
        .select_related("meeting")
        .order_by("-published_at", "-id")
    )


def post_for_page(slug: str) -> Post | None:
    return (
        published_posts()
        .prefetch_related(
            Prefetch("meeting__photos", queryset=Photo.objects.order_by("position", "id"))
        )
        .filter(slug=slug)
        .first()
    )


def footer_pages() -> QuerySet[Page]:
    return Page.objects.filter(is_published=True, in_footer=True)
