from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel

COUNTRIES = [
    ("BE", _("Belgium")),
    ("DE", _("Germany")),
    ("EL", _("Greece")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PL", _("Poland")),
    ("UK", _("United Kingdom")),
]


class Programme(TimeStampedModel):
    """A funding programme, e.g. Interreg Europe 2014-2020 (ERDF)."""

    name = models.CharField(_("name"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("period start (year)"))
    period_end = models.PositiveSmallIntegerField(_("period end (year)"))
    fund = models.CharField(_("fund"), max_length=100, help_text=_("e.g. ERDF"))
    funding_statement_pl = models.CharField(_("funding statement (Polish)"), max_length=300)
    funding_statement_en = models.CharField(
        _("funding statement (English)"), max_length=300, blank=True
    )
    funding_statement = Translated("funding_statement")
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-period_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "period_start"], name="programme_unique_name"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="programme_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period_start}-{self.period_end}"


class Project(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects"
    )
    slug = models.SlugField(_("slug"), unique=True)
    acronym = models.CharField(_("acronym"), max_length=50)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    aim_pl = models.TextField(_("aim (Polish)"))
    aim_en = models.TextField(_("aim (English)"), blank=True)
    aim = Translated("aim")
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    final_conference_on = models.DateField(_("final conference"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="project_dates_order",
            ),
            models.CheckConstraint(
                condition=Q(final_conference_on__isnull=True)
                | Q(final_conference_on__gte=F("started_on")),
                name="project_conference_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym


class Theme(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Translated("name")

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["project", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name_pl"], name="theme_unique_per_project")
        ]

    def __str__(self) -> str:
        return self.name_pl


class PolicyInstrument(TimeStampedModel):
    """A programme or policy a partner sets out to improve, e.g. RPO WL 2014-2020."""

    code = models.CharField(_("short name"), max_length=50, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name = Translated("name")
    region = models.CharField(_("region"), max_length=100)
    period_start = models.PositiveSmallIntegerField(_("period start (year)"))
    period_end = models.PositiveSmallIntegerField(_("period end (year)"))
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("succeeds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successor",
    )

    class Meta:
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")
        ordering = ["region", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="instrument_period_order"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("id")), name="instrument_not_own_predecessor"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.pk is not None and self.predecessor_id == self.pk:
            raise ValidationError({"predecessor": _("An instrument cannot succeed itself.")})


class Partner(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead partner")
        PARTNER = "partner", _("partner")
        ADVISORY = "advisory", _("advisory partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    policy_instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument addressed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["project", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="partner_unique_per_project"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="partner_one_lead_per_project"
            ),
            models.CheckConstraint(
                condition=~Q(role="advisory") | Q(policy_instrument__isnull=True),
                name="partner_advisory_has_no_instrument",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


class Measure(models.Model):
    """One node of an instrument's hierarchy: priority axis > measure > action."""

    class Level(models.TextChoices):
        AXIS = "axis", _("priority axis")
        MEASURE = "measure", _("measure")
        ACTION = "action", pgettext_lazy("level of a policy instrument", "action")

    instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("number"), max_length=20)
    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name = Translated("name")
    addressed = models.BooleanField(
        _("addressed by the project"),
        default=False,
        help_text=_("Tick the measures that the stakeholder group's recommendations target."),
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["instrument", "code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="measure_unique_code"),
            models.CheckConstraint(
                condition=(Q(level="axis") & Q(parent__isnull=True))
                | (Q(level__in=["measure", "action"]) & Q(parent__isnull=False)),
                name="measure_only_axes_are_roots",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_pl}"

    def clean(self) -> None:
        """Cross-row rules a check constraint cannot see: the parent's level and instrument."""
        expected_parent_level = {
            self.Level.MEASURE: self.Level.AXIS,
            self.Level.ACTION: self.Level.MEASURE,
        }
        if self.level not in self.Level.values:
            return  # the field's own validation reports it
        if self.parent is None:
            if self.level != self.Level.AXIS:
                raise ValidationError(
                    {"parent": _("Only a priority axis stands without a parent.")}
                )
            return
        if self.parent.instrument_id != self.instrument_id:
            raise ValidationError({"parent": _("The parent belongs to another instrument.")})
        if self.parent.level != expected_parent_level.get(self.Level(self.level)):
            raise ValidationError(
                {"parent": _("A measure belongs to an axis, and an action to a measure.")}
            )
