"""The group's recommendation pages (namespace `policy`, under /<lang>/policy/) and the
public accountability pages (namespace `accountability`, under /<lang>/instruments/).

Group pages are guarded by `permission_required` on the group or the recommendation:
members and the region's staff read (`recommendation:view`), members endorse
(`recommendation:endorse`), staff draft and move (`recommendation:manage`); another
region's people get 404. Public pages show only recommendations the group has endorsed,
and what followed. Every change goes through `policy.services` and answers with a redirect;
a refused change shows the page again with the reasons and with what was typed.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import has_permission, permission_required
from scaleup.core.forms import add_service_errors
from scaleup.core.spreadsheets import xlsx_response
from scaleup.dialogue.models import Statement
from scaleup.policy import forms, selectors, services
from scaleup.policy.lifecycle import EDITABLE, MOVES, PUBLIC, State
from scaleup.policy.models import Recommendation
from scaleup.stakeholders.models import StakeholderGroup
from scaleup.stakeholders.selectors import permitted_groups

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def _with_figures(statements: list[Statement]) -> list[tuple[Statement, Any]]:
    figures = selectors.statement_figures(statements)
    return [(statement, figures[statement.pk]) for statement in statements]


# --- the group's pages ----------------------------------------------------------------------


@require_safe
@permission_required("recommendation:view")
def index(request: HttpRequest) -> HttpResponse:
    groups = list(permitted_groups(request.user, "recommendation:view"))
    if len(groups) == 1:
        return redirect("policy:recommendations", slug=groups[0].slug)
    return render(request, "policy/index.html", {"groups": groups, "section": "policy"})


@require_safe
@permission_required("recommendation:view", model=StakeholderGroup, lookup="slug", argument="group")
def recommendations(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    state = request.GET.get("state", "")
    return render(
        request,
        "policy/recommendations.html",
        {
            "group": group,
            "recommendations": selectors.recommendations_of(group.pk, state=state),
            "states": State.choices,
            "state": state if state in State.values else "",
            "may_manage": has_permission(request.user, "recommendation:manage", group),
            "section": "policy",
        },
    )


@require_safe
@permission_required("recommendation:view", model=StakeholderGroup, lookup="slug", argument="group")
def recommendations_export(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    """The group's recommendations (the list's state filter applies) as XLSX."""
    state = request.GET.get("state", "")
    listed = selectors.recommendations_of(group.pk, state=state).select_related(
        "instrument", "measure"
    )
    response = xlsx_response(
        filename=f"recommendations-{group.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
        header=[
            _("title (Polish)"),
            _("title (English)"),
            _("state"),
            _("policy instrument"),
            _("measure"),
            _("created"),
            _("updated"),
        ],
        rows=(
            (
                recommendation.title_pl,
                recommendation.title_en,
                recommendation.get_state_display(),
                recommendation.instrument.code if recommendation.instrument else "",
                recommendation.measure.code if recommendation.measure else "",
                recommendation.created_at.date().isoformat(),
                recommendation.updated_at.date().isoformat(),
            )
            for recommendation in listed
        ),
        title=_("Recommendations"),
    )
    return cast(HttpResponse, response)


def _preselected(request: HttpRequest, group: StakeholderGroup) -> list[Statement]:
    """Statements named in the link from a workshop page (`?statement=1&statement=2`)."""
    ids = [
        value
        for value in request.GET.getlist("statement")
        if value.isascii() and value.isdecimal() and len(value) < 10
    ]
    return list(selectors.draftable_statements(group.pk).filter(pk__in=ids))


@GET_OR_POST
@permission_required(
    "recommendation:manage", model=StakeholderGroup, lookup="slug", argument="group"
)
def recommendation_create(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    instruments = services.instruments_of(group)
    statements = selectors.draftable_statements(group.pk)
    if request.method == "POST":
        form = forms.RecommendationForm(
            request.POST, instruments=instruments, statements=statements
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                recommendation = services.draft_recommendation(
                    group=group,
                    actor=request.user,
                    statements=data.pop("statements"),
                    **data,
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The recommendation is saved as a draft."))
                return redirect(recommendation)
    else:
        chosen = _preselected(request, group)
        initial: dict[str, Any] = {
            "statements": chosen,
            "instrument": instruments[-1] if instruments else None,
        }
        if len(chosen) == 1:
            initial["title_pl"] = chosen[0].text[:300]
            initial["text_pl"] = chosen[0].text
        form = forms.RecommendationForm(
            initial=initial, instruments=instruments, statements=statements
        )
    return render(
        request,
        "policy/recommendation_form.html",
        {"form": form, "group": group, "section": "policy"},
    )


def _page(
    request: HttpRequest,
    recommendation: Recommendation,
    *,
    move_form: forms.MoveForm | None = None,
    endorse_form: forms.EndorseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.recommendation_page(recommendation.pk)
    may_manage = has_permission(request.user, "recommendation:manage", page)
    may_endorse = has_permission(request.user, "recommendation:endorse", page)
    memberships = services.endorsable_memberships(page, request.user) if may_endorse else []
    mine = {membership.pk for membership in memberships}
    endorsed_by_me = {e.membership_id for e in page.endorsements.all()} & mine
    open_memberships = [m for m in memberships if m.pk not in endorsed_by_me]
    statements = [support.statement for support in page.supports.all()]
    if move_form is None and may_manage and MOVES[State(page.state)]:
        move_form = forms.MoveForm(state=page.state)
    if endorse_form is None and open_memberships and page.state == State.DISCUSSED:
        endorse_form = forms.EndorseForm(memberships=open_memberships)
    return render(
        request,
        "policy/recommendation.html",
        {
            "group": page.group,
            "recommendation": page,
            "supported": _with_figures(statements),
            "meetings": selectors.meetings_of(page),
            "may_manage": may_manage,
            "may_edit": may_manage and page.state in services.MEASURE_OPEN,
            "move_form": move_form if may_manage else None,
            "endorse_form": endorse_form if page.state == State.DISCUSSED else None,
            "withdrawable": [m for m in memberships if m.pk in endorsed_by_me]
            if page.state == State.DISCUSSED
            else [],
            "section": "policy",
        },
        status=status,
    )


@require_safe
@permission_required("recommendation:view", model=Recommendation)
def recommendation(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    return _page(request, recommendation)


@GET_OR_POST
@permission_required("recommendation:manage", model=Recommendation)
def recommendation_edit(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    if recommendation.state not in services.MEASURE_OPEN:
        messages.error(request, _("A submitted recommendation can no longer be changed."))
        return redirect(recommendation)
    group = recommendation.group
    form: forms.RecommendationForm | forms.MeasureForm
    draft = recommendation.state in EDITABLE
    post = request.POST if request.method == "POST" else None
    if draft:
        form = forms.RecommendationForm(
            post,
            instance=recommendation,
            instruments=services.instruments_of(group),
            statements=selectors.draftable_statements(
                group.pk, keeping=recommendation.statements.all()
            ),
            initial={
                "statements": list(recommendation.statements.all()),
                "inspired_by": list(recommendation.inspired_by.all()),
            },
        )
    else:
        form = forms.MeasureForm(
            post, instance=recommendation, instrument=recommendation.instrument
        )
    if post is not None and form.is_valid():
        data = dict(form.cleaned_data)
        statements = data.pop("statements", None)
        # The form wrote the values onto the instance; the service reads the stored row.
        recommendation.refresh_from_db()
        try:
            services.update_recommendation(
                recommendation=recommendation,
                actor=request.user,
                **({"statements": statements} if draft else {}),
                **data,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The recommendation is saved."))
            return redirect(recommendation)
    return render(
        request,
        "policy/recommendation_form.html",
        {
            "form": form,
            "group": group,
            "recommendation": recommendation,
            "draft": draft,
            "section": "policy",
        },
    )


@permission_required("recommendation:manage", model=Recommendation)
@require_POST
def recommendation_move(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    form = forms.MoveForm(request.POST, state=recommendation.state)
    if form.is_valid():
        try:
            moved = services.move_recommendation(
                recommendation=recommendation,
                actor=request.user,
                to_state=form.cleaned_data["to_state"],
                comment=form.cleaned_data["comment"],
                endorsement_deadline=form.cleaned_data.get("endorsement_deadline"),
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(
                request,
                _("The recommendation is now: %(state)s.") % {"state": State(moved.state).label},
            )
            return redirect(moved)
    return _page(request, recommendation, move_form=form, status=400)


def _membership_form(
    request: HttpRequest, recommendation: Recommendation
) -> tuple[forms.EndorseForm, list[Any]]:
    memberships = services.endorsable_memberships(recommendation, request.user)
    if not memberships:
        raise PermissionDenied  # staff hold the permission, but speak for no member
    return forms.EndorseForm(request.POST, memberships=memberships), memberships


@permission_required("recommendation:endorse", model=Recommendation)
@require_POST
def recommendation_endorse(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    form, _memberships = _membership_form(request, recommendation)
    if form.is_valid():
        try:
            services.endorse(
                recommendation=recommendation,
                membership=form.cleaned_data["membership"],
                actor=request.user,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(
                request, _("Thank you: your organisation endorses the recommendation.")
            )
            return redirect(recommendation)
    return _page(request, recommendation, endorse_form=form, status=400)


@permission_required("recommendation:endorse", model=Recommendation)
@require_POST
def recommendation_withdraw(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    form, _memberships = _membership_form(request, recommendation)
    if form.is_valid():
        try:
            services.withdraw_endorsement(
                recommendation=recommendation,
                membership=form.cleaned_data["membership"],
                actor=request.user,
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("The endorsement is withdrawn."))
    else:
        messages.error(request, _("Choose the organisation whose endorsement to withdraw."))
    return redirect(recommendation)


# --- the public accountability pages --------------------------------------------------------


@require_safe
def instruments(request: HttpRequest) -> HttpResponse:
    return render(
        request, "policy/public/instruments.html", {"instruments": selectors.public_instruments()}
    )


@require_safe
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "policy/public/instrument.html",
        {"page": selectors.accountability(pk), "public_states": PUBLIC},
    )


@require_safe
def public_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.public_recommendation(pk)
    return render(
        request,
        "policy/public/recommendation.html",
        {
            "recommendation": page,
            "supported": _with_figures(selectors.public_statements(page)),
            "practices": selectors.public_practices(page),
            "meetings": selectors.meetings_of(page, published_only=True),
        },
    )


@require_safe
def public_statement(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "policy/public/statement.html", {"page": selectors.public_statement(pk)})
