"""The participant page of a live workshop: join by code, vote, add statements.

Mobile first and usable without JavaScript: every action is a plain form that redirects
back to the conversation page (POST-redirect-GET). With htmx, the vote form swaps the next
statement card in place and the statement form swaps itself, the result announced in a
live region. Who may vote is decided by `participant_for` (the account's participant or
the seat cookie), not by roles: anonymous seats hold no grants.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods

from scaleup.core.htmx import is_htmx
from scaleup.core.ratelimit import rate_limited
from scaleup.dialogue import services
from scaleup.dialogue.forms import JoinForm, StatementForm, VoteForm
from scaleup.dialogue.models import (
    Conversation,
    Participant,
    Statement,
    Vote,
    VoteValue,
    normalise_join_code,
)
from scaleup.dialogue.selectors import (
    next_statement_for,
    participant_for,
    seat_cookie_name,
    similar_statements,
)

#: A seat lasts as long as a workshop series may: the same phone stays the same participant.
SEAT_COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def _conversation_or_404(slug: str) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("meeting"), slug=slug)


def _to_join(request: HttpRequest) -> HttpResponse:
    """No seat here: to the join page (for htmx a full-page redirect, not a swap)."""
    url = reverse("dialogue:join")
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _set_seat_cookie(response: HttpResponse, participant: Participant) -> None:
    response.set_cookie(
        seat_cookie_name(participant.conversation),
        participant.seat_token,
        max_age=SEAT_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "HTTPS", True)),
    )


# --- Join ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@rate_limited("workshop_join")
def join(request: HttpRequest) -> HttpResponse:
    """Type the code from the screen (or arrive with ?code= from the QR code)."""
    if request.method != "POST":
        form = JoinForm(initial={"code": normalise_join_code(request.GET.get("code", ""))[:20]})
        return render(request, "dialogue/participant/join.html", {"form": form})
    form = JoinForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        known = Conversation.objects.filter(
            join_code=normalise_join_code(code), is_open=True
        ).first()
        token = request.COOKIES.get(seat_cookie_name(known), "") if known is not None else ""
        try:
            participant = services.join_conversation(code=code, user=request.user, seat_token=token)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            response = redirect("dialogue:conversation", slug=participant.conversation.slug)
            if participant.seat_token:
                _set_seat_cookie(response, participant)
            return response
    return render(request, "dialogue/participant/join.html", {"form": form})


# --- The conversation page ----------------------------------------------------------------


def _progress(participant: Participant) -> tuple[int, int]:
    """(accepted statements voted on, accepted statements)."""
    accepted = Statement.objects.filter(
        conversation_id=participant.conversation_id, state=Statement.State.ACCEPTED
    )
    voted = Vote.objects.filter(participant=participant, statement__in=accepted).count()
    return voted, accepted.count()


def _card_context(
    conversation: Conversation, participant: Participant, *, error: str = ""
) -> dict[str, Any]:
    statement = next_statement_for(participant) if conversation.is_open else None
    voted, total = _progress(participant)
    return {
        "conversation": conversation,
        "statement": statement,
        "client_vote_id": uuid.uuid4(),
        "voted": voted,
        "total": total,
        "vote_error": error,
        # An anonymous seat (its token in a cookie) can vote through the vote API; the
        # page's script uses it and falls back to the form (`participant.js`).
        "live_votes": participant.user_id is None,
        "kind_labels": {kind: str(label) for kind, label in Statement.Kind.choices},
    }


def _similar_context(
    conversation: Conversation, participant: Participant, text: str
) -> list[dict[str, Any]]:
    """Statements like the one typed, each with a vote form when the visitor can vote on it."""
    found = [item.statement for item in similar_statements(conversation, text)]
    voted = set(
        Vote.objects.filter(participant=participant, statement__in=found).values_list(
            "statement_id", flat=True
        )
    )
    return [
        {
            "statement": statement,
            "votable": statement.is_votable and statement.pk not in voted,
            "voted": statement.pk in voted,
            "client_vote_id": uuid.uuid4(),
        }
        for statement in found
    ]


def _page(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant,
    *,
    statement_form: StatementForm | None = None,
    similar: list[dict[str, Any]] | None = None,
    statement_notice: str = "",
) -> HttpResponse:
    context = {
        **_card_context(conversation, participant),
        "participant": participant,
        "statement_form": statement_form or StatementForm(),
        "similar": similar or [],
        "statement_notice": statement_notice,
    }
    return render(request, "dialogue/participant/conversation.html", context)


@require_http_methods(["GET"])
def conversation_page(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = _conversation_or_404(slug)
    participant = participant_for(request, conversation)
    if participant is None:
        return _to_join(request)
    return _page(request, conversation, participant)


# --- Voting -------------------------------------------------------------------------------


def _vote_result(value: int) -> str:
    return {
        VoteValue.AGREE: gettext("Your vote was recorded: you agree."),
        VoteValue.DISAGREE: gettext("Your vote was recorded: you disagree."),
        VoteValue.PASS: gettext("You passed on this statement."),
    }[VoteValue(value)]


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """One tap: agree, disagree or pass. A resubmitted form carries the same client id, so
    it is counted once; a vote on a statement already voted on replaces the earlier one."""
    conversation = _conversation_or_404(slug)
    if request.method != "POST":
        return redirect("dialogue:conversation", slug=conversation.slug)
    participant = participant_for(request, conversation)
    if participant is None:
        return _to_join(request)
    form = VoteForm(request.POST)
    result, error = "", ""
    if not form.is_valid():
        error = gettext("Choose agree, disagree or pass.")
    else:
        data = form.cleaned_data
        try:
            services.cast_vote(
                participant=participant,
                statement=data["statement"],
                value=data["value"],
                client_vote_id=data["client_vote_id"],
            )
        except ValidationError as refusal:
            if getattr(refusal, "code", None) == "unknown_statement":
                raise Http404 from None
            error = " ".join(refusal.messages)
        else:
            result = _vote_result(data["value"])
    if is_htmx(request):
        context = {**_card_context(conversation, participant, error=error), "result": result}
        return render(request, "dialogue/participant/_vote_response.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, result)
    return redirect(reverse("dialogue:conversation", kwargs={"slug": conversation.slug}))


# --- Adding a statement -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add_statement(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a statement. Exact duplicates are refused by the service; near-duplicates are
    shown first, so the participant can vote on them instead (or post theirs anyway)."""
    conversation = _conversation_or_404(slug)
    if request.method != "POST":
        return redirect("dialogue:conversation", slug=conversation.slug)
    participant = participant_for(request, conversation)
    if participant is None:
        return _to_join(request)
    form = StatementForm(request.POST)
    similar: list[dict[str, Any]] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            if not conversation.is_open:
                raise ValidationError(gettext("This conversation is closed."), code="closed")
            services.clean_statement_text(conversation, data["text"])
            if not data["confirm_similar"]:
                similar = _similar_context(conversation, participant, data["text"])
            if not similar:
                statement = services.post_statement(
                    participant=participant,
                    text=data["text"],
                    kind=data["kind"],
                    language=get_language() or "",
                )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            if not similar:
                return _statement_posted(request, conversation, participant, statement)
    if is_htmx(request):
        return render(
            request,
            "dialogue/participant/_statement_form.html",
            {"conversation": conversation, "statement_form": form, "similar": similar},
        )
    return _page(request, conversation, participant, statement_form=form, similar=similar)


def _statement_posted(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant,
    statement: Statement,
) -> HttpResponse:
    if statement.state == Statement.State.PENDING:
        notice = gettext(
            "Thank you. Your statement will be shown to the others once a facilitator "
            "has accepted it."
        )
    else:
        notice = gettext("Thank you. Your statement has been added; the others can vote on it.")
    if is_htmx(request):
        return render(
            request,
            "dialogue/participant/_statement_form.html",
            {
                "conversation": conversation,
                "statement_form": StatementForm(),
                "statement_notice": notice,
            },
        )
    messages.success(request, notice)
    return redirect(reverse("dialogue:conversation", kwargs={"slug": conversation.slug}))
