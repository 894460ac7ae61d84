"""Indicators, the semester progress report and the jobs that make files."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from scaleup.access.checks import check_permission
from scaleup.api import problems
from scaleup.api.auth import token_auth
from scaleup.api.choices import JobState, PeriodName
from scaleup.api.problems import PRIVATE_READ_ERRORS, WRITE_ERRORS, Refusal
from scaleup.api.types import Id
from scaleup.indicators import selectors
from scaleup.indicators.forms import ReportForm
from scaleup.indicators.jobs import SEMESTER_REPORT, report_params
from scaleup.jobs import selectors as job_selectors
from scaleup.jobs import services as job_services
from scaleup.jobs.models import Job
from scaleup.projects.models import Partner, Project

router = Router(tags=["indicators and reports"])


class PartnerFigure(Schema):
    partner: int
    value: float = Field(description="In the semester.")
    cumulative: float = Field(description="From the project's start to the semester's end.")
    entered: bool = Field(description="Entered by the partner, not counted by the platform.")


class IndicatorFigures(Schema):
    code: str
    name_pl: str
    name_en: str
    unit: str
    partners: list[PartnerFigure]
    project: float | None = Field(description="All partners; only for the whole project.")
    project_cumulative: float | None


class IndicatorValues(Schema):
    period: PeriodName
    semester: int
    starts_on: dt.date
    ends_on: dt.date
    indicators: list[IndicatorFigures]


class ValuesQuery(Schema):
    period: PeriodName | None = Field(None, description="The programme's catalogue.")
    semester: int | None = Field(None, ge=1, le=40, description="The latest one by default.")


def _project() -> Project:
    project = selectors.current_project()
    if project is None:
        raise Refusal(problems.not_found())
    return project


@router.get(
    "/indicators",
    response={200: IndicatorValues, **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="indicator_values",
    summary="Indicator values of a semester",
    description="Per partner whose indicators the caller sees; with the project's figures "
    "for those who see every partner.",
)
def indicator_values(request: HttpRequest, query: Query[ValuesQuery]) -> Any:
    check_permission(request, "indicator:view")
    project = _project()
    period = query.period or selectors.period_of(project)
    semesters = selectors.project_semesters(project)
    if not semesters:
        return problems.not_found()
    number = query.semester or semesters[-1].number
    semester = next((s for s in semesters if s.number == number), None)
    if semester is None:
        return problems.problem(
            422,
            "no-such-semester",
            _("The project has no such semester yet."),
            errors=[("/query/semester", _("Choose a semester of the project."))],
        )
    partners = list(selectors.permitted_partners(request.user, "indicator:view", project))
    whole = selectors.covers_whole_project(partners, project)
    table = selectors.indicator_table(project=project, partners=partners, period=period)
    indicators = []
    for row in selectors.semester_values(table, number):
        indicator = row["indicator"]
        indicators.append(
            {
                "code": indicator.code,
                "name_pl": indicator.name_pl,
                "name_en": indicator.name_en,
                "unit": indicator.unit,
                "partners": [
                    {
                        "partner": cell["partner"].pk,
                        "value": float(cell["value"]),
                        "cumulative": float(cell["cumulative"]),
                        "entered": cell["entered"] is not None,
                    }
                    for cell in row["cells"]
                ],
                "project": float(row["project"]) if whole else None,
                "project_cumulative": float(row["project_cumulative"]) if whole else None,
            }
        )
    return {
        "period": period,
        "semester": number,
        "starts_on": semester.starts_on,
        "ends_on": semester.ends_on,
        "indicators": indicators,
    }


class ReportIn(Schema):
    partner: Id | None = Field(
        None, description="A partner's id; none for the whole project (all partners)."
    )
    semester: int = Field(ge=1, le=40)
    file_format: Literal["pdf", "docx"] = "pdf"
    language: Literal["pl", "en"] = "pl"
    period: PeriodName | None = Field(None, description="The project's programme by default.")


class JobOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    state: JobState
    percent: int | None = Field(description="How far it got, where that is known.")
    error: str = Field(description="What went wrong, if it failed.")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    file: str | None = Field(description="Where to fetch the file once it is done.")
    page: str = Field(description="The job's page on the person's exports.")

    @staticmethod
    def resolve_file(job: Job, context: Any) -> str | None:
        if job.state != Job.State.DONE:
            return None
        return str(context["request"].build_absolute_uri(reverse("api:job_file", args=[job.pk])))

    @staticmethod
    def resolve_page(job: Job, context: Any) -> str:
        return str(context["request"].build_absolute_uri(reverse("jobs:detail", args=[job.pk])))


@router.post(
    "/reports/semester",
    response={202: JobOut, **WRITE_ERRORS},
    auth=token_auth,
    url_name="semester_report",
    summary="Make a semester progress report",
    description="Queued as a job: follow its `Location` (or `page`) until `file` is there.",
)
def semester_report(request: HttpRequest, payload: ReportIn, response: HttpResponse) -> Any:
    check_permission(request, "indicator:view")
    project = _project()
    partners = list(selectors.permitted_partners(request.user, "indicator:view", project))
    form = ReportForm(
        {
            "who": str(payload.partner) if payload.partner else ReportForm.WHOLE_PROJECT,
            "semester": payload.semester,
            "file_format": payload.file_format,
            "language": payload.language,
            "period": payload.period or selectors.period_of(project),
        },
        partners=partners,
        whole_project=selectors.covers_whole_project(partners, project),
        semesters=selectors.project_semesters(project),
    )
    if not form.is_valid():
        return problems.form_rejected(form)
    who = form.cleaned_data["who"]
    job = job_services.start_job(
        kind=SEMESTER_REPORT,
        params=report_params(
            project=project,
            partner=None if who == ReportForm.WHOLE_PROJECT else Partner.objects.get(pk=int(who)),
            semester=form.cleaned_data["semester"],
            period=form.cleaned_data["period"],
            file_format=form.cleaned_data["file_format"],
            language=form.cleaned_data["language"],
        ),
        actor=request.user,
    )
    response["Location"] = reverse("api:job_detail", args=[job.pk])
    return Status(202, job)


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    return get_object_or_404(Job, pk=job_id, owner=request.user)


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="job_detail",
    summary="A job's progress",
)
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> Job:
    return _own_job(request, job_id)


@router.get(
    "/jobs/{job_id}/file",
    response={200: bytes, **PRIVATE_READ_ERRORS},
    auth=token_auth,
    url_name="job_file",
    summary="A finished job's file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (PDF, DOCX, XLSX, CSV or ZIP, as the job makes).",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def job_file(request: HttpRequest, job_id: uuid.UUID) -> Any:
    job = _own_job(request, job_id)
    if not job_selectors.may_download(job, request.user):
        return problems.not_found()
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        return problems.not_found()
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
