from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from scaleup.news.models import Page, Post


class PostFactory(factory.django.DjangoModelFactory[Post]):
    class Meta:
        model = Post

    slug = factory.Sequence(lambda n: f"post-{n}")
    title_pl = factory.Sequence(lambda n: f"Aktualność {n}")
    title_en = factory.Sequence(lambda n: f"News {n}")
    lead_pl = "Krótki wstęp."
    lead_en = "A short lead."
    body_pl = "<p>Treść.</p>"
    body_en = "<p>Body.</p>"
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class PageFactory(factory.django.DjangoModelFactory[Page]):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title_pl = factory.Sequence(lambda n: f"Strona {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    body_pl = "<p>Treść strony.</p>"
    body_en = "<p>Page body.</p>"
