"""An action plan's document (DOCX or PDF, Polish or English) as a job (registered with
`jobs` in `ActionPlansConfig.ready()`): WeasyPrint takes seconds for a long plan, which a
web process should not spend in a request; the file waits on the person's exports page."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from scaleup.access.checks import has_permission
from scaleup.actionplans import exports, selectors
from scaleup.actionplans.models import ActionPlan
from scaleup.jobs.registry import JobError, JobKind, Output, Params, Progress, register

PLAN_DOCUMENT = "actionplans.plan_document"


def document_params(*, plan: ActionPlan, file_format: str, language: str) -> Params:
    return {"plan": plan.pk, "format": file_format, "language": language}


def _plan(params: Params) -> ActionPlan | None:
    key = params.get("plan")
    if not isinstance(key, int):
        return None
    return ActionPlan.objects.select_related("partner", "instrument").filter(pk=key).first()


def _title(params: Params) -> str:
    plan = _plan(params)
    return _("Action plan %(plan)s (%(format)s, %(language)s)") % {
        "plan": str(plan) if plan is not None else "?",
        "format": str(params.get("format", "")).upper(),
        "language": str(params.get("language", "")).upper(),
    }


def _permitted(user: Any, params: Params) -> bool:
    plan = _plan(params)
    return plan is not None and has_permission(user, "actionplan:manage", plan)


def _run(params: Params, progress: Progress, out: IO[bytes]) -> Output:
    plan = _plan(params)
    if plan is None:
        raise JobError(_("The action plan no longer exists."))
    file_format, language = params.get("format"), params.get("language")
    if file_format not in exports.FORMATS or language not in exports.LANGUAGES:
        raise JobError(_("The document was asked for in a format or language that does not exist."))
    progress(0, 1)
    out.write(
        exports.export(
            selectors.plan_page(plan.pk), file_format=str(file_format), language=str(language)
        )
    )
    progress(1, 1)
    return Output(
        filename=exports.file_name(plan, file_format=str(file_format), language=str(language)),
        content_type=exports.CONTENT_TYPES[str(file_format)],
    )


def register_kinds() -> None:
    register(JobKind(name=PLAN_DOCUMENT, title=_title, run=_run, permitted=_permitted))
