"""The facilitator's pages: the projector (join code, live counts, opinion map) and the
moderation queue.

Every view is guarded by `scaleup.access.checks.permission_required` on the conversation,
so another region's facilitator gets 404 and members or participants 403. The projector's
live fragment reads the latest stored snapshot through the selectors: nothing is computed
on the request path, a recompute runs after votes are committed (`services.request_recompute`).
State changes go through the services and answer with a redirect (POST-redirect-GET).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import segno
from asgiref.sync import sync_to_async
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import permission_required
from scaleup.core import live
from scaleup.dialogue import selectors, services
from scaleup.dialogue.models import Conversation, OpinionSnapshot, Statement, conversation_topic
from scaleup.dialogue.opinion.result import OpinionResult, StatementStat

#: Letters and shapes tell the groups apart without colour; the colours (projector.css,
#: Okabe-Ito palette) are distinguishable with the common colour-vision deficiencies.
GROUP_LETTERS = "ABCDEFGHIJ"
GROUP_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down")

MAP_WIDTH = 800
MAP_HEIGHT = 500
MAP_PADDING = 24
DOT_RADIUS = 6.0
LEGEND_RADIUS = 8.0


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path of `shape` centred on (x, y), about 2r wide."""
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y + r * 0.8:.1f}L{x - r:.1f} {y + r * 0.8:.1f}z"
    if shape == "triangle-down":
        return f"M{x:.1f} {y + r:.1f}L{x + r:.1f} {y - r * 0.8:.1f}L{x - r:.1f} {y - r * 0.8:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}z"
    arc = f"a{r:.1f} {r:.1f} 0 1 0"
    return f"M{x - r:.1f} {y:.1f}{arc} {2 * r:.1f} 0{arc} {-2 * r:.1f} 0z"


@dataclass(frozen=True)
class GroupStyle:
    letter: str
    shape: str
    css: str

    def legend_path(self) -> str:
        return shape_path(self.shape, LEGEND_RADIUS + 1, LEGEND_RADIUS + 1, LEGEND_RADIUS)


@dataclass(frozen=True)
class Dot:
    path: str
    css: str


@dataclass(frozen=True)
class StatementPoint:
    """A statement on the map: a small cross and its number (coordinates pre-formatted, so
    that a locale's decimal comma cannot break the SVG)."""

    path: str
    label_x: str
    label_y: str
    label: str

    @classmethod
    def at(cls, x: float, y: float, label: str) -> StatementPoint:
        r = 4.0
        path = f"M{x - r:.1f} {y:.1f}h{2 * r:.1f}M{x:.1f} {y - r:.1f}v{2 * r:.1f}"
        return cls(path=path, label_x=f"{x + r + 1:.1f}", label_y=f"{y - r:.1f}", label=label)


@dataclass(frozen=True)
class GroupShare:
    """One group's net agreement with a divisive statement, in percent (-100..100)."""

    style: GroupStyle
    net: int


@dataclass(frozen=True)
class StatementLine:
    id: int
    text: str
    direction: str
    percent: int
    by_group: list[GroupShare] = field(default_factory=list)


@dataclass(frozen=True)
class GroupView:
    id: int
    style: GroupStyle
    size: int
    representative: list[StatementLine]


@dataclass(frozen=True)
class OpinionView:
    """What the projector shows of a snapshot, ready for the template."""

    view_box: str
    dots: list[Dot]
    statements: list[StatementPoint]
    groups: list[GroupView]
    consensus_agree: list[StatementLine]
    consensus_disagree: list[StatementLine]
    divisive: list[StatementLine]
    clustered: int


def _percent(stat: StatementStat) -> int:
    if stat.n_seen <= 0:
        return 0
    count = stat.n_disagree if stat.direction == "disagree" else stat.n_agree
    return round(100 * count / stat.n_seen)


def _scaler(points: Iterable[tuple[float, float]]) -> Callable[[float, float], tuple[float, float]]:
    """Map coordinates into the drawing, one scale for both axes (distances stay true),
    y pointing up as on a chart."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return lambda x, y: (MAP_WIDTH / 2, MAP_HEIGHT / 2)
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = max_x - min_x, max_y - min_y
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_PADDING, MAP_HEIGHT - 2 * MAP_PADDING
    scale = min(
        inner_w / span_x if span_x > 0 else float("inf"),
        inner_h / span_y if span_y > 0 else float("inf"),
    )
    if scale == float("inf"):
        scale = 1.0
    off_x = (MAP_WIDTH - span_x * scale) / 2
    off_y = (MAP_HEIGHT - span_y * scale) / 2

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return off_x + (x - min_x) * scale, MAP_HEIGHT - (off_y + (y - min_y) * scale)

    return to_svg


def opinion_view(snapshot: OpinionSnapshot | None) -> OpinionView | None:
    """The map and lists of a snapshot, or None before the first recompute with groups."""
    if snapshot is None or not snapshot.data:
        return None
    result = OpinionResult.from_dict(snapshot.data)
    if not result.participant_ids:
        return None
    styles = {
        group.id: GroupStyle(
            letter=GROUP_LETTERS[index % len(GROUP_LETTERS)],
            shape=GROUP_SHAPES[index % len(GROUP_SHAPES)],
            css=f"projector-group-{index % len(GROUP_SHAPES)}",
        )
        for index, group in enumerate(sorted(result.groups, key=lambda g: g.id))
    }
    fallback = GroupStyle(letter="?", shape="circle", css="projector-group-none")
    to_svg = _scaler([*result.coordinates.values(), *result.statement_coordinates.values()])
    dots = []
    for pid in result.participant_ids:
        style = styles.get(result.group_of.get(pid, -1), fallback)
        x, y = to_svg(*result.coordinates[pid])
        dots.append(Dot(path=shape_path(style.shape, x, y, DOT_RADIUS), css=style.css))
    points = [
        StatementPoint.at(*to_svg(*xy), str(sid))
        for sid, xy in sorted(result.statement_coordinates.items())
    ]

    stats = [
        *(s for g in result.groups for s in g.representative),
        *(s for v in result.consensus.values() for s in v),
        *result.divisive,
    ]
    texts = dict(
        Statement.objects.filter(pk__in={s.statement_id for s in stats}).values_list("id", "text")
    )

    def line(stat: StatementStat) -> StatementLine:
        return StatementLine(
            id=stat.statement_id,
            text=texts.get(stat.statement_id, ""),
            direction=stat.direction,
            percent=_percent(stat),
            by_group=[
                GroupShare(style=styles.get(gid, fallback), net=round(100 * net))
                for gid, net in sorted(stat.by_group.items())
            ],
        )

    return OpinionView(
        view_box=f"0 0 {MAP_WIDTH} {MAP_HEIGHT}",
        dots=dots,
        statements=points,
        groups=[
            GroupView(
                id=g.id,
                style=styles[g.id],
                size=g.size,
                representative=[line(s) for s in g.representative],
            )
            for g in sorted(result.groups, key=lambda g: g.id)
        ],
        consensus_agree=[line(s) for s in result.consensus.get("agree", [])],
        consensus_disagree=[line(s) for s in result.consensus.get("disagree", [])],
        divisive=[line(s) for s in result.divisive],
        clustered=len(result.participant_ids),
    )


def join_path(code: str) -> str:
    """Where participants join: the participant page's join form with the code filled in."""
    try:
        path = reverse("dialogue:join")
    except NoReverseMatch:
        # The participant pages live under the same prefix (/<lang>/workshops/join/).
        path = reverse("dialogue:projector", kwargs={"slug": "x"}).removesuffix("x/projector/")
        path += "join/"
    return f"{path}?{urlencode({'code': code})}"


def join_qr_svg(url: str) -> SafeString:
    """The join link as an inline SVG QR code for the projector (no inline style: CSP)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=8, title=_("QR code of the join link"), svgclass="projector-qr"
    )
    return mark_safe(svg)


def _live_context(conversation: Conversation) -> dict[str, Any]:
    return {
        "conversation": conversation,
        "counts": selectors.conversation_counts(conversation),
        "opinion": opinion_view(selectors.latest_snapshot(conversation)),
    }


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_safe
def projector(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    path = join_path(conversation.join_code)
    join_url = request.build_absolute_uri(path)
    context = {
        **_live_context(conversation),
        "participant_join_url": join_url,
        "join_qr": join_qr_svg(join_url),
        "pending": selectors.moderation_queue(conversation).count(),
    }
    return render(request, "dialogue/projector/projector.html", context)


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_safe
def projector_live(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """The part of the projector page that htmx replaces every second."""
    response = render(request, "dialogue/projector/_live.html", _live_context(conversation))
    response["Cache-Control"] = "private, no-store"
    return response


#: Seconds of quiet after which the event stream sends a comment, so that proxies keep the
#: connection and a gone projector is noticed.
EVENTS_HEARTBEAT_SECONDS = 15.0


@permission_required("conversation:manage", model=Conversation, lookup="slug")
async def projector_events(
    request: HttpRequest, conversation: Conversation
) -> HttpResponse | StreamingHttpResponse:
    """Server-sent events: `change` whenever the conversation changed in any server
    process (`core.live`), so the page fetches its live part at once instead of polling.

    Needs an ASGI server (`scaleup serve`); under WSGI a stream would hold a thread for
    good, so the page is told to poll instead (204, which EventSource does not retry).
    """
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    if request.method == "HEAD":
        return HttpResponse(content_type="text/event-stream")
    topic = conversation_topic(conversation.pk)
    # The stream lives for hours: it must not hold a database connection (a pool slot)
    # taken for the permission check. Same thread as that check (the request's context).
    await sync_to_async(close_old_connections)()

    async def stream() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        async for changed in live.subscribe(topic, heartbeat=EVENTS_HEARTBEAT_SECONDS):
            yield "event: change\ndata: {}\n\n" if changed else ": still here\n\n"

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_POST
def conversation_close(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    services.close_conversation(conversation=conversation, actor=request.user)
    messages.success(request, _("The conversation is closed; no more votes are taken."))
    return redirect("dialogue:projector", slug=conversation.slug)


@permission_required("conversation:manage", model=Conversation, lookup="slug")
@require_POST
def conversation_open(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    conversation = services.open_conversation(conversation=conversation, actor=request.user)
    messages.success(
        request,
        _("The conversation is open. Join code: %(code)s") % {"code": conversation.join_code},
    )
    return redirect("dialogue:projector", slug=conversation.slug)


#: Waiting statements shown with their near-duplicates; each costs one scan of the
#: conversation's statements, so the page's queries stay bounded however long the queue.
MERGE_SUGGESTIONS_FOR = 30


@dataclass(frozen=True)
class QueueItem:
    """A waiting statement and the statements it might be merged into."""

    statement: Statement
    similar: list[selectors.Similar]


def _back(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """To `next` when it is a page of this site (the workshop page sends it), else the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("dialogue:moderation", slug=conversation.slug)


def _merge(request: HttpRequest, conversation: Conversation, statement: Statement) -> None:
    into_id = request.POST.get("into", "")
    if not into_id.isdecimal():
        messages.error(request, _("Choose the statement to merge it into."))
        return
    kept = get_object_or_404(Statement, pk=int(into_id), conversation=conversation)
    try:
        services.merge_statements(kept=kept, merged=statement, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Statement #%(merged)s is merged into #%(kept)s; its votes moved there.")
            % {"merged": statement.pk, "kept": kept.pk},
        )


@permission_required("statement:moderate", model=Conversation, lookup="slug")
@require_http_methods(["GET", "HEAD", "POST"])
def moderation(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """The statements waiting for a facilitator; POST accepts, rejects or merges one
    (`decision=merge` folds `statement` into `into`, a statement of the same conversation).

    The first `MERGE_SUGGESTIONS_FOR` waiting statements are shown with up to three
    near-duplicates each. `selectors.similar_statements` scans the conversation's statements
    in Python once per waiting statement (one query and a few milliseconds each): fine for
    queues of tens; statements further down get their suggestions as the queue shortens.
    """
    if request.method == "POST":
        decision = request.POST.get("decision")
        statement_id = request.POST.get("statement", "")
        if decision not in {"accept", "reject", "merge"} or not statement_id.isdecimal():
            messages.error(request, _("Choose a statement and whether to accept or reject it."))
            return _back(request, conversation)
        statement = get_object_or_404(Statement, pk=int(statement_id), conversation=conversation)
        if decision == "merge":
            _merge(request, conversation, statement)
            return _back(request, conversation)
        try:
            services.moderate_statement(
                statement=statement, accept=decision == "accept", actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if decision == "accept":
                messages.success(request, _("Statement #%(id)s accepted.") % {"id": statement.pk})
            else:
                messages.success(request, _("Statement #%(id)s rejected.") % {"id": statement.pk})
        return _back(request, conversation)
    queue = [
        QueueItem(
            statement=statement,
            similar=selectors.similar_statements(conversation, statement.text, exclude=statement)
            if index < MERGE_SUGGESTIONS_FOR
            else [],
        )
        for index, statement in enumerate(selectors.moderation_queue(conversation))
    ]
    return render(
        request,
        "dialogue/projector/moderation.html",
        {"conversation": conversation, "queue": queue},
    )
