"""The facilitator's pages: the projector (join code, live counts, opinion map) and the
moderation queue.

Every view is guarded by `scaleup.access.checks.permission_required` on the conversation,
so another region's facilitator gets 404 and members or participants 403. The projector's
live fragment reads the latest stored snapshot through the selectors: nothing is computed
on the request path, a recompute runs after votes are committed (`services.request_recompute`).
State changes go through the services and answer with a redirect (POST-redirect-GET).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
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
from scaleup.dialogue.models import Conversation, Statement, conversation_topic
from scaleup.dialogue.opinion_views import opinion_view


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
