"""Public news pages. Drafts are shown to nobody here; the workspace previews them."""

from __future__ import annotations

from scaleup.access.tests.matrix import Row, everyone
from scaleup.news.tests.factories import PageFactory, PostFactory

ROWS = [
    Row("news:home", get=everyone(200)),
    Row("news:list", get=everyone(200)),
    Row("news:feed", get=everyone(200)),
    Row(
        "news:detail",
        get=everyone(200),
        kwargs=lambda w: {"slug": PostFactory.create(partner=w.lubelskie.partner).slug},
        variant="published",
    ),
    Row(
        "news:detail",
        get=everyone(404),
        kwargs=lambda w: {"slug": w.lubelskie.draft_post.slug},
        variant="draft",
    ),
    Row("news:page", get=everyone(200), kwargs=lambda w: {"slug": PageFactory.create().slug}),
]
