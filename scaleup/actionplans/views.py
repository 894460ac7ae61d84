"""Action plans (namespace `actionplans`, under /<lang>/action-plans/), for the partners'
staff (`actionplan:manage`, per partner; another region's staff get 404): the plan in the
Interreg structure, its actions linked to recommendations and good practices, monitoring
notes per phase, and the plan as DOCX or PDF in Polish or English. Changes go through
`actionplans.services`; a refused change shows the form again with what was typed."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import filter_permitted, permission_required
from scaleup.actionplans import exports, forms, selectors, services
from scaleup.actionplans.models import Action, ActionPlan, MonitoringNote
from scaleup.core.forms import add_service_errors
from scaleup.projects.models import Partner, PolicyInstrument

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def _partners(user: Any) -> Any:
    return filter_permitted(
        Partner.objects.all(), user, "actionplan:manage", partner_field="id"
    ).order_by("position", "id")


@require_safe
@permission_required("actionplan:manage")
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "actionplans/index.html",
        {"plans": selectors.managed(request.user), "section": "actionplans"},
    )


@require_safe
@permission_required("actionplan:manage")
def index_export(request: HttpRequest) -> HttpResponse:
    return cast(
        HttpResponse,
        exports.plans_list_xlsx(
            selectors.managed_with_totals(request.user),
            filename=f"action-plans-{timezone.localdate():%Y-%m-%d}.xlsx",
            actor=request.user,
        ),
    )


def _plan_form_page(request: HttpRequest, plan: ActionPlan | None) -> HttpResponse:
    partners = _partners(request.user)
    instruments = PolicyInstrument.objects.order_by("region", "period_start")
    post = request.POST if request.method == "POST" else None
    form = forms.PlanForm(post, instance=plan, partners=partners, instruments=instruments)
    if post is not None and form.is_valid():
        try:
            saved = services.save_plan(plan=form.save(commit=False), actor=request.user)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The action plan is saved."))
            return redirect(saved)
    return render(
        request,
        "actionplans/plan_form.html",
        {"form": form, "plan": plan, "section": "actionplans"},
    )


@GET_OR_POST
@permission_required("actionplan:manage")
def plan_create(request: HttpRequest) -> HttpResponse:
    return _plan_form_page(request, None)


@GET_OR_POST
@permission_required("actionplan:manage", model=ActionPlan, argument="plan")
def plan_edit(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    return _plan_form_page(request, plan)


def _plan_page(
    request: HttpRequest, plan: ActionPlan, *, note_forms: dict[int, Any] | None = None
) -> HttpResponse:
    page = selectors.plan_page(plan.pk)
    forms_by_action = note_forms or {}
    actions = [
        (action, forms_by_action.get(action.pk) or forms.NoteForm(prefix=f"note-{action.pk}"))
        for action in page.actions.all()
    ]
    return render(
        request,
        "actionplans/plan.html",
        {
            "plan": page,
            "actions": actions,
            "formats": exports.FORMATS,
            "languages": exports.LANGUAGES,
            "section": "actionplans",
        },
        status=400 if note_forms else 200,
    )


@require_safe
@permission_required("actionplan:manage", model=ActionPlan, argument="plan")
def plan(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    return _plan_page(request, plan)


def _action_form_page(
    request: HttpRequest, plan: ActionPlan, action: Action | None
) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = forms.ActionForm(
        post,
        instance=action,
        recommendations=selectors.linkable_recommendations(plan),
        practices=selectors.linkable_practices(plan),
    )
    if post is not None and form.is_valid():
        edited = form.save(commit=False)
        edited.plan = plan
        try:
            services.save_action(
                action=edited,
                actor=request.user,
                recommendations=form.cleaned_data["recommendations"],
                practices=form.cleaned_data["practices"],
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(plan)
    return render(
        request,
        "actionplans/action_form.html",
        {"form": form, "plan": plan, "action": action, "section": "actionplans"},
    )


@GET_OR_POST
@permission_required("actionplan:manage", model=ActionPlan, argument="plan")
def action_create(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    return _action_form_page(request, plan, None)


@GET_OR_POST
@permission_required("actionplan:manage", model=Action)
def action_edit(request: HttpRequest, action: Action) -> HttpResponse:
    return _action_form_page(request, action.plan, action)


@permission_required("actionplan:manage", model=Action)
@require_POST
def action_delete(request: HttpRequest, action: Action) -> HttpResponse:
    plan = action.plan
    services.delete_action(action=action, actor=request.user)
    messages.success(request, _("The action is deleted."))
    return redirect(plan)


@permission_required("actionplan:manage", model=Action)
@require_POST
def note_add(request: HttpRequest, action: Action) -> HttpResponse:
    form = forms.NoteForm(request.POST, prefix=f"note-{action.pk}")
    if form.is_valid():
        note: MonitoringNote = form.save(commit=False)
        note.action = action
        try:
            services.add_note(note=note, actor=request.user)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The monitoring note is saved."))
            return redirect(action.plan)
    return _plan_page(request, action.plan, note_forms={action.pk: form})


@permission_required("actionplan:manage", model=ActionPlan, argument="plan")
@require_POST
def export(request: HttpRequest, plan: ActionPlan, file_format: str) -> HttpResponse:
    """Queue the plan's document; its page on the person's exports shows progress."""
    language = request.POST.get("lang", "pl")
    if file_format not in exports.FORMATS or language not in exports.LANGUAGES:
        raise Http404
    job = services.request_document(
        plan=plan, file_format=file_format, language=language, actor=request.user
    )
    messages.success(request, _("The document is being made. This page shows its progress."))
    return redirect("jobs:detail", job_id=job.pk)
