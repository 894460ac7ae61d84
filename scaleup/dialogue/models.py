"""Live workshops: conversations, statements, participants and their votes.

A conversation belongs to a stakeholder group (its tenant), and may be attached to one of
that group's meetings. Participants post short statements and vote agree (+1), disagree
(-1) or pass (0) on the others'; the opinion maths (`scaleup.dialogue.opinion`) turns the
votes into a map that is stored as an `OpinionSnapshot`, so pages read precomputed results.

Rows imported from Pol.is keep Pol.is's ids in `external_id`; a few rules that hold for
statements written here (at most 400 characters, no exact duplicates) are relaxed for them,
because real Pol.is exports break them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scaleup.core.models import DebouncedRun, TimeStampedModel
from scaleup.core.tenancy import Scope
from scaleup.meetings.models import Meeting
from scaleup.stakeholders.models import StakeholderGroup

#: Letters and digits that cannot be mistaken for one another when read off a projector
#: (no 0/O, 1/I/L) - 31 symbols, so six of them give about 900 million codes.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
JOIN_CODE_PATTERN = rf"^[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}$"

STATEMENT_MAX_LENGTH = 400
#: Pol.is exports hold a few longer comments (up to 500 characters); imports keep them whole.
IMPORTED_STATEMENT_MAX_LENGTH = 2000


def normalise_text(text: str) -> str:
    """The text as compared for duplicates: case-folded, punctuation and symbols removed,
    whitespace collapsed. "Więcej  szkoleń!" and "więcej szkoleń" are the same statement."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if unicodedata.category(char)[0] in "PSZC" else char for char in folded)
    return " ".join(kept.split())


def normalise_join_code(code: str) -> str:
    """What people type (" abc-def ") as stored ("ABCDEF")."""
    return re.sub(r"[\s\-]", "", code).upper()


def conversation_topic(conversation_id: int) -> str:
    """The conversation's name in change notices (`core.live`)."""
    return f"conversation:{conversation_id}"


def hash_seat_token(token: str) -> str:
    """Seat tokens are random (256 bits), so a fast hash is enough: a leaked database must
    not let anyone vote as someone else, and the lookup must be a plain index query."""
    return hashlib.sha256(token.encode()).hexdigest()


class Conversation(TimeStampedModel):
    class Moderation(models.TextChoices):
        PRE = "pre", _("pre-moderation: statements appear once a facilitator accepts them")
        POST = "post", _("post-moderation: statements appear at once and may be removed")

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
        help_text=_("The workshop this conversation belongs to; empty for a standalone one."),
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="pl")
    is_open = models.BooleanField(_("open"), default=True)
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    join_code = models.CharField(
        _("join code"),
        max_length=JOIN_CODE_LENGTH,
        help_text=_("Typed by participants to join; unique among open conversations."),
    )
    source_url = models.URLField(
        _("imported from"), blank=True, help_text=_("The Pol.is conversation it was imported from.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=Q(is_open=True),
                name="conversation_join_code_unique_while_open",
            ),
            models.CheckConstraint(
                condition=Q(join_code__regex=JOIN_CODE_PATTERN),
                name="conversation_join_code_format",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=["pre", "post"]), name="conversation_moderation_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def access_scope(self) -> Scope:
        return self.group.access_scope


class Participant(models.Model):
    """A person in one conversation: a signed-in user, or an anonymous seat.

    An anonymous seat is proved by a random token kept in the participant's cookie; only
    its hash is stored. When a user erases their data the participant is detached from the
    account and their statements and votes stay, anonymous.
    """

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dialogue_participations",
    )
    seat_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    #: The raw seat token, set only on the instance `join_conversation` returns.
    seat_token: str = ""

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["conversation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="participant_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["seat_token_hash"],
                condition=~Q(seat_token_hash=""),
                name="participant_seat_token_unique",
            ),
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=~Q(external_id=""),
                name="participant_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        if self.display_name:
            return self.display_name
        return str(_("participant %(number)s")) % {"number": self.external_id or self.pk}

    @property
    def access_scope(self) -> Scope:
        return self.conversation.access_scope


class Statement(models.Model):
    class Kind(models.TextChoices):
        INSIGHT = "insight", _("insight")
        EXPERIENCE = "experience", _("experience")
        GAP = "gap", _("gap")
        PROPOSAL = "proposal", _("proposal")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    text = models.TextField(_("text"))
    normalised_text = models.TextField(editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSIGHT)
    author = models.ForeignKey(
        Participant,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    state = models.CharField(
        _("moderation"), max_length=10, choices=State.choices, default=State.PENDING
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    is_seed = models.BooleanField(
        _("seed statement"), default=False, help_text=_("Written by the facilitators.")
    )
    is_meta = models.BooleanField(
        _("meta statement"), default=False, help_text=_("About the conversation itself.")
    )
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["conversation", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("text"), STATEMENT_MAX_LENGTH))
                | (
                    ~Q(external_id="")
                    & Q(LessThanOrEqual(Length("text"), IMPORTED_STATEMENT_MAX_LENGTH))
                ),
                name="statement_text_length",
            ),
            models.CheckConstraint(
                condition=~Q(external_id="") | ~Q(normalised_text=""),
                name="statement_not_empty",
            ),
            models.UniqueConstraint(
                fields=["conversation", "normalised_text"],
                condition=Q(external_id="") & ~Q(state="rejected"),
                name="statement_no_exact_duplicate",
            ),
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=~Q(external_id=""),
                name="statement_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "rejected"]),
                name="statement_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["insight", "experience", "gap", "proposal"]),
                name="statement_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state="rejected"),
                name="statement_merged_is_rejected",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="statement_not_merged_into_itself"
            ),
        ]
        indexes = [models.Index(fields=["conversation", "state"])]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalised_text = normalise_text(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalised_text"}
        super().save(*args, **kwargs)

    @property
    def access_scope(self) -> Scope:
        return self.conversation.access_scope

    @property
    def is_votable(self) -> bool:
        return self.state == self.State.ACCEPTED


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("agree")
    PASS = 0, _("pass")
    DISAGREE = -1, _("disagree")


class Vote(models.Model):
    """A participant's current vote on a statement; a re-vote replaces it.

    `client_vote_id` is the id of the vote event that set the current value (see
    `VoteEvent`): the participant's device makes it up, so a retried request is recognised.
    """

    # No index of their own: the unique (participant, statement) and the (statement, value)
    # index lead with them, and every index less is less work for each vote.
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="votes",
        db_index=False,
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="votes",
        db_index=False,
    )
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    client_vote_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("first voted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last voted"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["statement", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="vote_one_per_participant_statement"
            ),
            models.UniqueConstraint(
                fields=["participant", "client_vote_id"], name="vote_client_id_unique"
            ),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_value_valid"),
        ]
        indexes = [models.Index(fields=["statement", "value"])]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_value_display()}: {self.statement}"

    @property
    def access_scope(self) -> Scope:
        return self.participant.access_scope


class VoteEvent(models.Model):
    """Every vote as it was cast, re-votes included (Pol.is's votes.csv keeps them too).

    Its unique (participant, client_vote_id) is what makes a retry harmless even after a
    later re-vote: an id seen before is never applied again.
    """

    # Covered by the unique (participant, client_vote_id) and the (statement, participant)
    # index: no index of their own.
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="vote_events",
        db_index=False,
    )
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    client_vote_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote event")
        verbose_name_plural = _("vote events")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_vote_id"], name="vote_event_client_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__in=[-1, 0, 1]), name="vote_event_value_valid"
            ),
        ]
        indexes = [models.Index(fields=["statement", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_value_display()}: {self.statement}"

    @property
    def access_scope(self) -> Scope:
        return self.participant.access_scope


class OpinionSnapshot(models.Model):
    """The opinion map at one moment: `OpinionResult.as_dict()` of the maths."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    votes_count = models.PositiveIntegerField(_("votes"))
    participants_count = models.PositiveIntegerField(_("participants who voted"), default=0)
    duration_ms = models.PositiveIntegerField(_("computation time (ms)"), default=0)
    seed = models.BigIntegerField(_("random seed"), default=0)
    data: models.JSONField[dict[str, Any]] = models.JSONField(_("result"), default=dict)
    #: {statement id: priority}, kept apart from `data` so that choosing the next statement
    #: for a participant does not load the whole map.
    statement_priorities: models.JSONField[dict[str, float]] = models.JSONField(
        _("statement priorities"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("opinion snapshot")
        verbose_name_plural = _("opinion snapshots")
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]
        indexes = [models.Index(fields=["conversation", "-computed_at"])]

    def __str__(self) -> str:
        return f"{self.conversation} @ {timezone.localtime(self.computed_at):%Y-%m-%d %H:%M:%S}"

    @property
    def access_scope(self) -> Scope:
        return self.conversation.access_scope


class RecomputeState(DebouncedRun):
    """Debouncing of the conversation's opinion-map recomputes (`core.debounce`): a burst
    of votes queues one task, and at most one recompute runs at a time."""

    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="recompute_state",
    )

    class Meta:
        verbose_name = _("recompute state")
        verbose_name_plural = _("recompute states")
        ordering = ["conversation"]
        constraints = DebouncedRun.Meta.constraints

    def __str__(self) -> str:
        return str(self.conversation)

    @property
    def access_scope(self) -> Scope:
        return self.conversation.access_scope
