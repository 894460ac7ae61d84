from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.meetings.models import Meeting
from scaleup.projects.models import Partner


class Post(TimeStampedModel):
    """A news post. Bodies are HTML, sanitised by the service before they are stored."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    lead_pl = models.TextField(_("lead (Polish)"))
    lead_en = models.TextField(_("lead (English)"), blank=True)
    lead = Translated("lead")
    body_pl = models.TextField(_("body (Polish)"))
    body_en = models.TextField(_("body (English)"), blank=True)
    body = Translated("body")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting reported"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("The meeting's photos form the post's gallery."),
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text=_("The region whose facilitators edit the post; empty for project-wide news."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="post_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title_pl

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id)


class Page(TimeStampedModel):
    """A static page such as 'About the group' or the privacy notice."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    body_pl = models.TextField(_("body (Polish)"))
    body_en = models.TextField(_("body (English)"), blank=True)
    body = Translated("body")
    in_footer = models.BooleanField(_("linked in the footer"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "title_pl"]

    def __str__(self) -> str:
        return self.title_pl

    def get_absolute_url(self) -> str:
        return reverse("news:page", kwargs={"slug": self.slug})
