"""Good practices (namespace `practices`, under /<lang>/practices/): the public library with
search and filters, a practice's page with the lessons learnt about it; for the partners'
staff, recording and editing practices (`practice:manage`, per partner) and the lessons
learnt at their learning events (`meeting:manage`). Changes go through
`practices.services`; a refused change shows the form again with what was typed."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import has_permission, permission_required
from scaleup.core.forms import add_service_errors
from scaleup.core.spreadsheets import xlsx_response
from scaleup.meetings.models import Meeting
from scaleup.practices import forms, links, selectors, services
from scaleup.practices.models import SECTIONS, GoodPractice, Lesson

PER_PAGE = 20
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(
        request.GET or None, themes=selectors.themes(), sectors=selectors.sectors()
    )
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            query=data["q"].strip(),
            theme=data["theme"].pk if data["theme"] else None,
            country=data["country"],
            sector=data["sector"],
        )
    page = Paginator(selectors.published(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practices/library.html",
        {"form": form, "page": page, "practices": page.object_list, "query": query.urlencode()},
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        practice = selectors.practice_page(slug)
    except GoodPractice.DoesNotExist as missing:
        raise Http404 from missing
    may_manage = request.user.is_authenticated and has_permission(
        request.user, "practice:manage", practice
    )
    if not practice.is_published and not may_manage:
        raise Http404
    sections = [(label, getattr(practice, name)) for name, label in SECTIONS]
    # A lesson of an event not (yet) published shows only to the region's staff.
    lessons = [
        lesson for lesson in practice.lessons.all() if lesson.meeting.is_published or may_manage
    ]
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "sections": sections,
            "lessons": lessons,
            "may_manage": may_manage,
            "inspired": links.inspired_by(practice),
        },
    )


@require_safe
@permission_required("practice:manage")
def manage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "practices/manage.html",
        {
            "practices": selectors.managed(request.user),
            "events": selectors.learning_events(request.user),
            "section": "practices",
        },
    )


@require_safe
@permission_required("practice:manage")
def manage_export(request: HttpRequest) -> HttpResponse:
    """The practices the person manages, drafts included, as XLSX."""
    practices = selectors.managed(request.user).prefetch_related("themes")
    response = xlsx_response(
        filename=f"good-practices-{timezone.localdate():%Y-%m-%d}.xlsx",
        header=[
            _("partner"),
            _("title"),
            _("language"),
            _("country"),
            _("region"),
            _("sector"),
            _("themes"),
            _("contact organisation"),
            _("published"),
            _("updated"),
        ],
        rows=(
            (
                practice.partner.short_name,
                practice.title,
                practice.language,
                practice.country,
                practice.region,
                practice.sector,
                ", ".join(str(theme) for theme in practice.themes.all()),
                practice.contact_organisation,
                _("yes") if practice.is_published else _("no"),
                practice.updated_at.date().isoformat(),
            )
            for practice in practices
        ),
        title=_("Good practices"),
    )
    return cast(HttpResponse, response)


@require_safe
@permission_required("meeting:manage", model=Meeting)
def lessons_export(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The lessons of one learning event, with the practices they are about, as XLSX."""
    if not meeting.is_learning_event:
        raise Http404
    response = xlsx_response(
        filename=f"lessons-{meeting.slug}.xlsx",
        header=[_("number"), _("lesson learnt"), _("about the good practices"), _("recorded")],
        rows=(
            (
                number,
                lesson.text,
                "; ".join(practice.title for practice in lesson.practices.all()),
                lesson.created_at.date().isoformat(),
            )
            for number, lesson in enumerate(selectors.lessons_of(meeting), start=1)
        ),
        title=_("Lessons learnt"),
    )
    return cast(HttpResponse, response)


def _practice_form_page(request: HttpRequest, practice: GoodPractice | None) -> HttpResponse:
    partners = forms.partners_managed_by(request.user)
    post = request.POST if request.method == "POST" else None
    form = forms.PracticeForm(post, instance=practice, partners=partners)
    if post is not None and form.is_valid():
        themes = form.cleaned_data.pop("themes")
        edited = form.save(commit=False)
        try:
            saved = services.save_practice(practice=edited, themes=themes, actor=request.user)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The good practice is saved."))
            return redirect(saved)
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "practice": practice, "section": "practices"},
    )


@GET_OR_POST
@permission_required("practice:manage")
def practice_create(request: HttpRequest) -> HttpResponse:
    return _practice_form_page(request, None)


@GET_OR_POST
@permission_required("practice:manage", model=GoodPractice, lookup="slug")
def practice_edit(request: HttpRequest, goodpractice: GoodPractice) -> HttpResponse:
    return _practice_form_page(request, goodpractice)


@GET_OR_POST
@permission_required("meeting:manage", model=Meeting)
def lessons(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if not meeting.is_learning_event:
        raise Http404
    practices = selectors.linkable_practices(meeting.group.partner_id)
    form = forms.LessonForm(request.POST if request.method == "POST" else None, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_lesson(
                meeting=meeting,
                text=form.cleaned_data["text"],
                practices=form.cleaned_data["practices"],
                actor=request.user,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The lesson is recorded."))
            return redirect("practices:lessons", pk=meeting.pk)
    return render(
        request,
        "practices/lessons.html",
        {
            "meeting": meeting,
            "lessons": selectors.lessons_of(meeting),
            "form": form,
            "section": "practices",
        },
        status=400 if form.errors else 200,
    )


@permission_required("meeting:manage", model=Lesson)
@require_POST
def lesson_delete(request: HttpRequest, lesson: Lesson) -> HttpResponse:
    meeting_pk = lesson.meeting_id
    services.delete_lesson(lesson=lesson, actor=request.user)
    messages.success(request, _("The lesson is deleted."))
    return redirect("practices:lessons", pk=meeting_pk)
