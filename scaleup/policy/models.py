"""Recommendations of a stakeholder group for a policy instrument, the workshop statements
that support them, their way through the lifecycle (`lifecycle.py`) and members'
endorsements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import Translated
from scaleup.core.models import TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.dialogue.models import Statement
from scaleup.policy.lifecycle import NEEDS_MEASURE, PUBLIC, State
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Measure, PolicyInstrument
from scaleup.stakeholders.models import Membership, StakeholderGroup

TEXT_LIMIT = 5000
COMMENT_LIMIT = 2000


def _at_most(field: str, limit: int, name: str) -> models.CheckConstraint:
    """Text fields have no length in the database; the forms' limit, kept there too."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class Recommendation(TimeStampedModel):
    """What the group asks of a policy instrument, traced to the statements behind it."""

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title = Translated("title")
    text_pl = models.TextField(
        _("recommendation (Polish)"), validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    text_en = models.TextField(
        _("recommendation (English)"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    text = Translated("text")
    rationale_pl = models.TextField(
        _("rationale (Polish)"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    rationale_en = models.TextField(
        _("rationale (English)"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    rationale = Translated("rationale")
    instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("target measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text=_("Needed before the recommendation is submitted to the managing authority."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    endorsement_deadline = models.DateTimeField(
        _("members may endorse until"), null=True, blank=True, editable=False
    )
    statements: models.ManyToManyField[Statement, RecommendationStatement] = models.ManyToManyField(
        Statement,
        through="RecommendationStatement",
        verbose_name=_("supporting statements"),
        related_name="recommendations",
        blank=True,
    )
    inspired_by = models.ManyToManyField(
        GoodPractice,
        verbose_name=_("inspired by good practices"),
        related_name="inspired_recommendations",
        blank=True,
        help_text=_("Practices of partner regions that this recommendation learns from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="recommendation_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(NEEDS_MEASURE)) | Q(measure__isnull=False),
                name="recommendation_submitted_has_measure",
            ),
            _at_most("text_pl", TEXT_LIMIT, "recommendation_text_pl_length"),
            _at_most("text_en", TEXT_LIMIT, "recommendation_text_en_length"),
            _at_most("rationale_pl", TEXT_LIMIT, "recommendation_rationale_pl_length"),
            _at_most("rationale_en", TEXT_LIMIT, "recommendation_rationale_en_length"),
        ]
        indexes = [models.Index(fields=["instrument", "state"])]

    def __str__(self) -> str:
        return self.title_pl

    def get_absolute_url(self) -> str:
        return reverse("policy:recommendation", kwargs={"pk": self.pk})

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC


class RecommendationStatement(models.Model):
    """A statement supporting a recommendation; `position` keeps the facilitator's order."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="supports"
    )
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="supports")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("supporting statement")
        verbose_name_plural = _("supporting statements")
        ordering = ["recommendation", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "statement"], name="recommendation_statement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.statement_id}"


class Transition(models.Model):
    """One move of a recommendation: who made it, when, and why. The history is these rows;
    each also has its audit entry."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(
        _("by (name)"),
        max_length=200,
        blank=True,
        help_text=_("Kept for the public timeline when the account is gone."),
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_LIMIT)]
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["recommendation", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_state__in=State.values)
                & (Q(from_state="") | Q(from_state__in=State.values)),
                name="transition_states_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_state=models.F("to_state")), name="transition_changes_state"
            ),
            _at_most("comment", COMMENT_LIMIT, "transition_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_state or '-'} -> {self.to_state}"

    @property
    def access_scope(self) -> Scope:
        return self.recommendation.access_scope


class Endorsement(models.Model):
    """A member organisation's support for a recommendation under discussion, given by one
    of its contact persons in the group."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("endorsed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["recommendation", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "membership"], name="endorsement_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.membership_id}"

    @property
    def access_scope(self) -> Scope:
        return self.recommendation.access_scope
