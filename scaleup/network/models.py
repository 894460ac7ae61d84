"""The cooperation network: ties between organisations, and its analysis as snapshots.

A tie belongs to the stakeholder group whose network it describes (its tenant): the same
two organisations may cooperate in one region's records and not in another's. Ties are
undirected, stored with the lower organisation id first, except cluster membership, which
points from the member to the cluster organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scaleup.core.models import DebouncedRun, TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.stakeholders.models import Organisation, StakeholderGroup


class TieKind(models.TextChoices):
    CLUSTER_MEMBERSHIP = "cluster_membership", _("cluster membership")
    JOINT_PROJECT = "joint_project", _("joint project")
    RD_COOPERATION = "rd_cooperation", _("R&D cooperation")
    SUPPLY_CHAIN = "supply_chain", _("supply chain")
    INFORMAL = "informal", _("informal cooperation")


class Tie(TimeStampedModel):
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        related_name="ties",
    )
    source = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="ties_from",
        help_text=_("For cluster membership: the member."),
    )
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="ties_to",
        help_text=_("For cluster membership: the cluster organisation."),
    )
    kind = models.CharField(_("kind of tie"), max_length=20, choices=TieKind.choices)
    weight = models.FloatField(
        _("weight"),
        default=1.0,
        help_text=_("How strong the tie is, e.g. the number of shared projects."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the tie is known from: a meeting, a survey, a file, CORDIS."),
    )
    evidence = models.TextField(_("evidence"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        # By id columns: ordering by the foreign keys would join and sort by names.
        ordering = ["group_id", "source_id", "target_id", "kind"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="tie_not_to_itself"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="tie_weight_positive"),
            models.CheckConstraint(condition=Q(kind__in=TieKind.values), name="tie_kind_valid"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="tie_valid_to_after_from",
            ),
            # Undirected ties are stored once, lower id first.
            models.CheckConstraint(
                condition=Q(kind="cluster_membership") | Q(source__lt=F("target")),
                name="tie_undirected_ordered",
            ),
            models.UniqueConstraint(
                fields=["group", "source", "target", "kind"],
                condition=Q(valid_from__isnull=True),
                name="tie_unique_undated",
            ),
            models.UniqueConstraint(
                fields=["group", "source", "target", "kind", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="tie_unique_dated",
            ),
        ]
        indexes = [models.Index(fields=["group", "target"])]

    def __str__(self) -> str:
        return f"{self.source} – {self.target} ({self.get_kind_display()})"

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class NetworkSnapshot(models.Model):
    """The analysis of a group's network at one moment; its per-organisation scores are
    `NodeScore` rows, so pages filter, sort and paginate them in the database."""

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.CASCADE,
        related_name="network_snapshots",
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    nodes = models.PositiveIntegerField(_("organisations"))
    edges = models.PositiveIntegerField(_("ties"))
    modularity = models.FloatField(_("modularity"), default=0.0)
    communities = models.PositiveIntegerField(_("communities"), default=0)
    brokerage_exact = models.BooleanField(_("brokerage computed exactly"), default=True)
    brokerage_samples = models.PositiveIntegerField(_("brokerage sample size"), default=0)
    brokerage_error_bound = models.FloatField(_("brokerage error bound"), default=0.0)
    duration_ms = models.PositiveIntegerField(_("computation time (ms)"), default=0)
    seed = models.BigIntegerField(_("random seed"), default=0)
    #: The analysed graph (node ids, categories, regions, edges and weights) as a
    #: compressed numpy archive, so matchmaking needs no reload of every tie.
    graph = models.BinaryField(_("graph"), default=b"", editable=False)

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]
        indexes = [models.Index(fields=["group", "-computed_at"])]

    def __str__(self) -> str:
        return f"{self.group} @ {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class NodeScore(models.Model):
    """One organisation's measures in one snapshot."""

    snapshot = models.ForeignKey(
        NetworkSnapshot,
        verbose_name=_("snapshot"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_scores",
    )
    degree = models.PositiveIntegerField(_("partners"))
    weighted_degree = models.FloatField(_("tie strength"))
    brokerage = models.FloatField(_("brokerage"))
    constraint = models.FloatField(_("constraint"), null=True, blank=True)
    effective_size = models.FloatField(_("effective size"), null=True, blank=True)
    community = models.PositiveIntegerField(_("community"))
    coreness = models.PositiveIntegerField(_("k-core"))
    catalyst_share = models.FloatField(_("catalyst share"), null=True, blank=True)
    cross_kind_ties = models.PositiveIntegerField(_("cross-kind ties mediated"), default=0)
    is_gap = models.BooleanField(_("isolated SME"), default=False)

    class Meta:
        verbose_name = _("organisation's network score")
        verbose_name_plural = _("organisations' network scores")
        ordering = ["snapshot", "-brokerage"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "organisation"], name="node_score_unique_per_snapshot"
            ),
            models.CheckConstraint(condition=Q(brokerage__gte=0), name="node_score_brokerage"),
        ]
        indexes = [
            models.Index(fields=["snapshot", "community"]),
            models.Index(fields=["organisation", "snapshot"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.snapshot}"

    @property
    def access_scope(self) -> Scope:
        return self.snapshot.access_scope


class AnalysisState(DebouncedRun):
    """Debouncing of a group's network analysis (`core.debounce`): an import of thousands
    of ties queues one analysis, and one runs at a time."""

    group = models.OneToOneField(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.CASCADE,
        related_name="network_analysis_state",
    )

    class Meta:
        verbose_name = _("network analysis state")
        verbose_name_plural = _("network analysis states")
        ordering = ["group"]
        constraints = DebouncedRun.Meta.constraints

    def __str__(self) -> str:
        return str(self.group)

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope
