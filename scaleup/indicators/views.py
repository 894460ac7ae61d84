"""Indicators (namespace `indicators`, under /<lang>/indicators/), for the partners' staff
(`indicator:view`): the coordinator sees every partner and the project's figures, a
facilitator their own region (another region's page is 404). Values the platform cannot
count are entered per semester with their source (`indicator:record`), through
`indicators.services`."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from scaleup.access.checks import (
    check_permission,
    has_permission,
    permission_required,
)
from scaleup.core.forms import add_service_errors
from scaleup.core.spreadsheets import XLSX_CONTENT_TYPE, write_xlsx
from scaleup.core.tenancy import Scope
from scaleup.indicators import dashboards, selectors, services
from scaleup.indicators.forms import ManualValueForm, ReportForm
from scaleup.indicators.jobs import SEMESTER_REPORT, report_params
from scaleup.indicators.models import MANUAL, Indicator, ManualValue, Period
from scaleup.jobs import services as job_services
from scaleup.projects.models import Partner, Project


def _project_or_404() -> Project:
    project = selectors.current_project()
    if project is None:
        raise Http404
    return project


def _period(request: HttpRequest, project: Project) -> str:
    chosen = request.GET.get("period", "")
    return chosen if chosen in Period.values else selectors.period_of(project)


def _partner(request: HttpRequest, pk: int, permission: str) -> Partner:
    """The partner, if the user holds the permission for it (404 for another region's)."""
    partner = get_object_or_404(Partner.objects.select_related("project__programme"), pk=pk)
    check_permission(request, permission, Scope(partner_id=partner.pk))
    return partner


def _index_page(request: HttpRequest, *, report_form: ReportForm | None = None) -> HttpResponse:
    """The indicator table; with a report form that was refused, that form and its errors
    (and the period and semester it asked for)."""
    project = _project_or_404()
    asked = report_form.cleaned_data if report_form is not None else {}
    period = asked.get("period") or _period(request, project)
    partners = list(selectors.permitted_partners(request.user, "indicator:view", project))
    table = selectors.indicator_table(project=project, partners=partners, period=period)
    numbers = [semester.number for semester in table.semesters]
    try:
        number = int(asked.get("semester") or request.GET.get("semester") or numbers[-1])
    except ValueError:
        number = numbers[-1]
    if number not in numbers:
        number = numbers[-1]
    whole_project = selectors.covers_whole_project(partners, project)
    if report_form is None:
        report_form = ReportForm(
            partners=partners, whole_project=whole_project, semesters=table.semesters
        )
        report_form.initial.update({"semester": number, "period": period})
    return render(
        request,
        "indicators/index.html",
        {
            "report_form": report_form,
            "table": table,
            "semester": table.semester(number),
            "rows": selectors.semester_values(table, number),
            "periods": Period.choices,
            "whole_project": whole_project,
            "section": "indicators",
        },
        status=400 if report_form.is_bound else 200,
    )


@require_safe
@permission_required("indicator:view")
def index(request: HttpRequest) -> HttpResponse:
    return _index_page(request)


@require_safe
@permission_required("indicator:view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Engagement, meetings, workshops, recommendations and the network, as charts with
    their tables, for the partners the person sees (or one of them)."""
    project = _project_or_404()
    permitted = list(selectors.permitted_partners(request.user, "indicator:view", project))
    chosen = next((p for p in permitted if str(p.pk) == request.GET.get("partner")), None)
    partners = [chosen] if chosen is not None else permitted
    semesters = selectors.project_semesters(project)
    return render(
        request,
        "indicators/dashboard.html",
        {
            **dashboards.dashboard(partners=partners, semesters=semesters),
            "permitted_partners": permitted,
            "chosen_partner": chosen,
            "section": "indicators",
        },
    )


def _partner_page(
    request: HttpRequest,
    partner: Partner,
    *,
    form: ManualValueForm | None = None,
    period: str = "",
) -> HttpResponse:
    project = partner.project
    period = period or _period(request, project)
    table = selectors.indicator_table(project=project, partners=[partner], period=period)
    may_record = has_permission(request.user, "indicator:record", Scope(partner_id=partner.pk))
    manual = Indicator.objects.filter(period=period, method=MANUAL)
    if form is None and may_record:
        form = ManualValueForm(indicators=manual, semesters=table.semesters)
    return render(
        request,
        "indicators/partner.html",
        {
            "partner": partner,
            "table": table,
            "series": selectors.partner_series(table, partner),
            "periods": Period.choices,
            "form": form if may_record else None,
            "section": "indicators",
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_safe
@permission_required("indicator:view")
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_page(request, _partner(request, pk, "indicator:view"))


@permission_required("indicator:record")
def record_value(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk, "indicator:record")  # another region's: 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ManualValueForm(
        request.POST,
        indicators=Indicator.objects.filter(method=MANUAL),
        semesters=selectors.project_semesters(partner.project),
    )
    if form.is_valid():
        try:
            services.record_manual_value(
                indicator=form.cleaned_data["indicator"],
                partner=partner,
                semester=form.cleaned_data["semester"],
                value=form.cleaned_data["value"],
                source=form.cleaned_data["source"],
                actor=request.user,
            )
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The value is saved."))
            url = reverse("indicators:partner", kwargs={"pk": partner.pk})
            return redirect(f"{url}?period={form.cleaned_data['indicator'].period}")
    # A refused value: the page of the indicator's period, where the form was sent from.
    chosen = form.cleaned_data.get("indicator")
    return _partner_page(request, partner, form=form, period=chosen.period if chosen else "")


@permission_required("indicator:record", model=ManualValue, argument="entry")
@require_POST
def delete_value(request: HttpRequest, entry: ManualValue) -> HttpResponse:
    partner_pk, period = entry.partner_id, entry.indicator.period
    services.delete_manual_value(entry=entry, actor=request.user)
    messages.success(request, _("The value is deleted."))
    return redirect(f"{reverse('indicators:partner', kwargs={'pk': partner_pk})}?period={period}")


@permission_required("indicator:view")
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    """Queue a semester progress report; its page on the person's exports shows progress."""
    project = _project_or_404()
    partners = list(selectors.permitted_partners(request.user, "indicator:view", project))
    whole_project = selectors.covers_whole_project(partners, project)
    form = ReportForm(
        request.POST,
        partners=partners,
        whole_project=whole_project,
        semesters=selectors.project_semesters(project),
    )
    if not form.is_valid():
        return _index_page(request, report_form=form)
    who = form.cleaned_data["who"]
    partner = None if who == ReportForm.WHOLE_PROJECT else Partner.objects.get(pk=int(who))
    job = job_services.start_job(
        kind=SEMESTER_REPORT,
        params=report_params(
            project=project,
            partner=partner,
            semester=form.cleaned_data["semester"],
            period=form.cleaned_data["period"],
            file_format=form.cleaned_data["file_format"],
            language=form.cleaned_data["language"],
        ),
        actor=request.user,
    )
    messages.success(request, _("The report is queued. This page shows its progress."))
    return redirect("jobs:detail", job_id=job.pk)


@permission_required("indicator:view")
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Every indicator of the period, per permitted partner and semester, as XLSX."""
    project = _project_or_404()
    period = _period(request, project)
    partners = list(selectors.permitted_partners(request.user, "indicator:view", project))
    table = selectors.indicator_table(project=project, partners=partners, period=period)
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        [
            _("Code"),
            _("Indicator"),
            _("Partner"),
            _("Semester"),
            _("From"),
            _("To"),
            _("This semester"),
            _("Since the start"),
            _("Source of the entered value"),
        ],
        selectors.long_rows(table),
        title=_("Indicators"),
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
    )
    name = f"indicators-{project.slug}-{period}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
