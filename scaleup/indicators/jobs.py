"""The semester progress report as a job (registered with `jobs` in `IndicatorsConfig.ready()`):
a report reads every record of a semester and WeasyPrint takes its time, so it is made in
the background, with the file kept on the person's exports page."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from scaleup.access.checks import has_permission
from scaleup.core.slugs import slug_for
from scaleup.core.tenancy import Scope
from scaleup.indicators import reports, selectors
from scaleup.indicators.models import Period
from scaleup.jobs.registry import JobError, JobKind, Output, Params, Progress, register
from scaleup.projects.models import Partner, Project

SEMESTER_REPORT = "indicators.semester_report"


def report_params(
    *,
    project: Project,
    partner: Partner | None,
    semester: int,
    period: str,
    file_format: str,
    language: str,
) -> Params:
    return {
        "project": project.pk,
        "partner": partner.pk if partner is not None else None,
        "semester": semester,
        "period": period,
        "format": file_format,
        "language": language,
    }


def _project(params: Params) -> Project | None:
    key = params.get("project")
    if not isinstance(key, int):
        return None
    return Project.objects.select_related("programme").filter(pk=key).first()


def _partners(params: Params, project: Project) -> list[Partner]:
    partners = Partner.objects.filter(project=project).order_by("position", "pk")
    key = params.get("partner")
    if key is None:
        return list(partners)
    return list(partners.filter(pk=key)) if isinstance(key, int) else []


def _title(params: Params) -> str:
    project = _project(params)
    partners = _partners(params, project) if project is not None else []
    who = (
        _("all partners")
        if params.get("partner") is None
        else (partners[0].short_name if partners else "?")
    )
    return _("Semester %(number)s progress report of %(who)s (%(format)s, %(language)s)") % {
        "number": params.get("semester"),
        "who": who,
        "format": str(params.get("format", "")).upper(),
        "language": str(params.get("language", "")).upper(),
    }


def _permitted(user: Any, params: Params) -> bool:
    project = _project(params)
    if project is None:
        return False
    partners = _partners(params, project)
    return bool(partners) and all(
        has_permission(user, "indicator:view", Scope(partner_id=partner.pk)) for partner in partners
    )


def _run(params: Params, progress: Progress, out: IO[bytes]) -> Output:
    project = _project(params)
    partners = _partners(params, project) if project is not None else []
    if project is None or not partners:
        raise JobError(_("The project or the partner no longer exists."))
    file_format, language = params.get("format"), params.get("language")
    period = params.get("period")
    if (
        file_format not in reports.FORMATS
        or language not in reports.LANGUAGES
        or period not in Period.values
    ):
        raise JobError(_("The report was asked for in a format or language that does not exist."))
    progress(0, 3)
    table = selectors.indicator_table(project=project, partners=partners, period=str(period))
    number = params.get("semester")
    if not isinstance(number, int) or table.semester(number) is None:
        raise JobError(_("The project has no such semester."))
    progress(1, 3)
    report = reports.build(table, number=number, language=str(language))
    progress(2, 3)
    out.write(reports.render(report, file_format=str(file_format), language=str(language)))
    progress(3, 3)
    who = "project" if params.get("partner") is None else slug_for(partners[0].short_name)
    return Output(
        filename=f"semester-report-{slug_for(project.acronym)}-{who}-s{number}-{language}.{file_format}",
        content_type=reports.CONTENT_TYPES[str(file_format)],
    )


def register_kinds() -> None:
    register(JobKind(name=SEMESTER_REPORT, title=_title, run=_run, permitted=_permitted))
