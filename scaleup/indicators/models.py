"""The indicator catalogue and the values the platform cannot know by itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.projects.models import Partner

#: The rule that reads a value off the platform's records (see `indicators.computations`),
#: or MANUAL: a partner enters it per semester, with its source.
MANUAL = "manual"


class Method(models.TextChoices):
    GOOD_PRACTICES = "good_practices", _("good practices recorded")
    LEARNING_PARTICIPANTS = "learning_participants", _("people attending learning events")
    ACTION_PLANS = "action_plans", _("action plans with actions")
    INSTRUMENTS_ADDRESSED = "instruments_addressed", _("policy instruments addressed")
    INSTRUMENTS_IMPROVED = (
        "instruments_improved",
        _("policy instruments with an accepted recommendation"),
    )
    ORGANISATIONS_ATTENDING = "organisations_attending", _("organisations attending meetings")
    RECOMMENDATIONS_ENDORSED = (
        "recommendations_endorsed",
        _("recommendations endorsed by the group"),
    )
    RECOMMENDATIONS_ADOPTED = "recommendations_adopted", _("recommendations accepted")
    PLANS_IMPLEMENTED = "plans_implemented", _("action plans being implemented")
    MANUAL = MANUAL, _("entered by the partner")


class Period(models.TextChoices):
    INTERREG_2014_2020 = "2014-2020", _("Interreg Europe 2014-2020")
    INTERREG_2021_2027 = "2021-2027", _("Interreg Europe 2021-2027")


class Kind(models.TextChoices):
    OUTPUT = "output", _("output")
    RESULT = "result", _("result")


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    EUR = "eur", _("euro")


class Indicator(models.Model):
    """A programme indicator: what it is called, what it counts, how scaleup computes it.

    The catalogue is data (seeded with the 2014-2020 project indicators and the 2021-2027
    common indicators), so a programme's revision is an edit, not a release.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    period = models.CharField(_("programme period"), max_length=10, choices=Period.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name = Translated("name")
    rule_pl = models.TextField(_("how it is counted (Polish)"))
    rule_en = models.TextField(_("how it is counted (English)"))
    rule = Translated("rule")
    method = models.CharField(_("computed from"), max_length=30, choices=Method.choices)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["period", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="indicator_period_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="indicator_kind_valid"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_valid"),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="indicator_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_manual(self) -> bool:
        return self.method == MANUAL


class ManualValue(TimeStampedModel):
    """A partner's value of a manual indicator in one semester, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="manual_values",
        limit_choices_to={"method": MANUAL},
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    semester = models.PositiveSmallIntegerField(_("semester"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.TextField(
        _("source"),
        max_length=2000,
        help_text=_("Where the figure comes from: a decision, a report, an article."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("manual indicator value")
        verbose_name_plural = _("manual indicator values")
        ordering = ["indicator", "partner", "semester"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "partner", "semester"], name="manual_value_one_per_semester"
            ),
            models.CheckConstraint(
                condition=Q(semester__gte=1), name="manual_value_semester_valid"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="manual_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.partner} S{self.semester}: {self.value}"

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id)
