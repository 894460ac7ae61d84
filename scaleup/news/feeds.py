"""The Atom feed of published news."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from scaleup.core.selectors import site_configuration
from scaleup.news.models import Post
from scaleup.news.selectors import published_posts

FEED_LENGTH = 20


class NewsFeed(Feed[Post, None]):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("%(portal)s: news") % {"portal": site_configuration().portal_name}

    def subtitle(self) -> str:
        return _("News of the regional stakeholder group")

    def author_name(self) -> str:
        configuration = site_configuration()
        return configuration.operator_name or str(configuration.portal_name)

    def link(self) -> str:
        return reverse("news:list")

    def items(self) -> list[Post]:
        return list(published_posts()[:FEED_LENGTH])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.lead

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.updated_at
