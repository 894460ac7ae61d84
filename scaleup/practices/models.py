"""Good practices in the Interreg template, and the lessons learnt about them at
interregional learning events (study visits, peer reviews, staff exchanges: meetings of
those formats)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.meetings.models import Meeting
from scaleup.projects.models import COUNTRIES, Partner, Theme

#: The Interreg template's descriptive parts, each at most this long (about a page).
SECTION_LIMIT = 4000
#: The template's descriptive sections, in its order: (field, label).
SECTIONS = (
    ("problem", _("Problem addressed")),
    ("description", _("Description")),
    ("resources", _("Resources needed")),
    ("evidence", _("Evidence of success")),
    ("difficulties", _("Difficulties encountered")),
    ("transferability", _("Potential for learning or transfer")),
)


def _section(label: StrOrPromise) -> models.TextField[str, str]:
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(SECTION_LIMIT)])


class GoodPractice(TimeStampedModel):
    """An initiative that has proved successful in a region and may interest others."""

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("recorded by partner"),
        on_delete=models.PROTECT,
        related_name="good_practices",
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="pl",
        help_text=_("Practices are described in one language, as in the Interreg database."),
    )
    region = models.CharField(
        _("region"), max_length=200, help_text=_("Where it runs, e.g. Lubelskie (PL81).")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="good_practices", blank=True
    )
    summary = models.CharField(
        _("summary"), max_length=500, help_text=_("One or two sentences for lists and search.")
    )
    problem = _section(_("problem addressed"))
    description = models.TextField(_("description"), validators=[MaxLengthValidator(SECTION_LIMIT)])
    resources = _section(_("resources needed"))
    evidence = _section(_("evidence of success"))
    difficulties = _section(_("difficulties encountered"))
    transferability = _section(_("potential for learning or transfer"))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_organisation = models.CharField(_("contact organisation"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["title", "id"]
        constraints = (
            *(
                models.CheckConstraint(
                    condition=LessThanOrEqual(Length(name), SECTION_LIMIT),
                    name=f"practice_{name}_length",
                )
                for name, _label in SECTIONS
            ),
            models.CheckConstraint(
                condition=Q(country__in=[code for code, _label in COUNTRIES]),
                name="practice_country_valid",
            ),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"slug": self.slug})

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id)


class Lesson(TimeStampedModel):
    """What the partners learnt at an interregional learning event, about which practices."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("learning event"),
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    text = models.TextField(_("lesson learnt"), validators=[MaxLengthValidator(SECTION_LIMIT)])
    practices = models.ManyToManyField(
        GoodPractice,
        verbose_name=_("about the good practices"),
        related_name="lessons",
        blank=True,
    )

    class Meta:
        verbose_name = _("lesson learnt")
        verbose_name_plural = _("lessons learnt")
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), SECTION_LIMIT), name="lesson_text_length"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def access_scope(self) -> Scope:
        return self.meeting.access_scope
