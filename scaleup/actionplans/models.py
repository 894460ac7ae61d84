"""Interreg action plans: per partner and policy instrument, in the programme's structure
(general information; policy context; per action: background and what was learnt in the
project, the action, players involved, timeframe, costs, funding sources), each action
linked to the recommendations and good practices behind it, with monitoring notes per
phase (core, follow-up)."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.policy.models import Recommendation
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Partner, PolicyInstrument

TEXT_LIMIT = 4000


def _text(label: StrOrPromise, *, blank: bool = True) -> models.TextField[str, str]:
    return models.TextField(label, blank=blank, validators=[MaxLengthValidator(TEXT_LIMIT)])


class InstrumentType(models.TextChoices):
    GROWTH_AND_JOBS = "growth_jobs", _("Investment for Growth and Jobs programme")
    COOPERATION = "etc", _("European Territorial Cooperation programme")
    OTHER = "other", _("Other regional development policy instrument")


class Phase(models.TextChoices):
    CORE = "core", _("core phase")
    FOLLOW_UP = "follow_up", _("follow-up phase")


class ActionPlan(TimeStampedModel):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="action_plans"
    )
    instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    instrument_type = models.CharField(
        _("type of instrument"),
        max_length=20,
        choices=InstrumentType.choices,
        default=InstrumentType.GROWTH_AND_JOBS,
    )
    other_partners = models.CharField(
        _("other partners involved"),
        max_length=300,
        blank=True,
        help_text=_("Partners who address the same instrument and write this plan with you."),
    )
    nuts2_region = models.CharField(_("NUTS 2 region"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    policy_context_pl = models.TextField(
        _("policy context (Polish)"), validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    policy_context_en = models.TextField(
        _("policy context (English)"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    policy_context = Translated("policy_context")

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["partner__position", "instrument__period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "instrument"], name="action_plan_one_per_partner_instrument"
            ),
            models.CheckConstraint(
                condition=Q(instrument_type__in=InstrumentType.values),
                name="action_plan_instrument_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner.short_name}: {self.instrument.code}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan", kwargs={"pk": self.pk})

    @property
    def access_scope(self) -> Scope:
        return Scope(partner_id=self.partner_id)


class Action(TimeStampedModel):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    background_pl = _text(_("background (Polish)"), blank=False)
    background_en = _text(_("background (English)"))
    background = Translated("background")
    description_pl = _text(_("the action (Polish)"), blank=False)
    description_en = _text(_("the action (English)"))
    description = Translated("description")
    players_pl = _text(_("players involved (Polish)"), blank=False)
    players_en = _text(_("players involved (English)"))
    players = Translated("players")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    timeframe_pl = _text(_("timeframe, in words (Polish)"))
    timeframe_en = _text(_("timeframe, in words (English)"))
    timeframe = Translated("timeframe")
    cost_eur = models.DecimalField(
        _("estimated cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    costs_pl = _text(_("costs, in words (Polish)"))
    costs_en = _text(_("costs, in words (English)"))
    costs = Translated("costs")
    funding_pl = _text(_("funding sources (Polish)"))
    funding_en = _text(_("funding sources (English)"))
    funding = Translated("funding")
    recommendations = models.ManyToManyField(
        Recommendation,
        verbose_name=_("recommendations behind it"),
        related_name="actions",
        blank=True,
    )
    practices = models.ManyToManyField(
        GoodPractice,
        verbose_name=_("good practices it learns from"),
        related_name="actions",
        blank=True,
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="action_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="action_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(cost_eur__isnull=True) | Q(cost_eur__gte=0),
                name="action_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title_pl}"

    @property
    def access_scope(self) -> Scope:
        return self.plan.access_scope


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ON_TRACK = "on_track", _("on track")
    DELAYED = "delayed", _("delayed")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped, with the reason given")


class MonitoringNote(TimeStampedModel):
    """How an action stands at a moment of a phase, as the partner reports it."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    noted_on = models.DateField(_("noted on"))
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices)
    text = models.TextField(_("note"), validators=[MaxLengthValidator(TEXT_LIMIT)])

    class Meta:
        verbose_name = _("monitoring note")
        verbose_name_plural = _("monitoring notes")
        ordering = ["action", "noted_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="note_phase_valid"),
            models.CheckConstraint(
                condition=Q(progress__in=Progress.values),
                name="note_progress_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.noted_on}: {self.get_progress_display()}"

    @property
    def access_scope(self) -> Scope:
        return self.action.access_scope
