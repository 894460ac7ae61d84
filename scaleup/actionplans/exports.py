"""An action plan as a document, in Polish or English: DOCX (python-docx) and PDF
(WeasyPrint). Both are made from one outline, so they hold the same parts in the order of
the Interreg template: general information, policy context, then each action."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from scaleup.actionplans.models import ActionPlan, Phase
from scaleup.core.audit import record
from scaleup.core.spreadsheets import xlsx_response
from scaleup.core.xmltext import xml_text

FORMATS = ("docx", "pdf")
LANGUAGES = ("pl", "en")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Part:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    subtitle: str
    parts: list[Part]


def outline(plan: ActionPlan, language: str) -> Outline:
    """The document's content in `language` (content fields fall back to Polish)."""
    with translation.override(language):
        partner, project = plan.partner, plan.partner.project
        general = Part(
            _("Part I – General information"),
            [
                (_("Project"), f"{project.acronym}: {project.title}"),
                (_("Partner organisation"), partner.name),
                (_("Other partner organisations involved"), plan.other_partners or "–"),
                (_("Country"), str(partner.get_country_display())),
                (_("NUTS 2 region"), plan.nuts2_region),
                (
                    _("Contact person"),
                    ", ".join(
                        value
                        for value in (plan.contact_name, plan.contact_email, plan.contact_phone)
                        if value
                    ),
                ),
            ],
        )
        context = Part(
            _("Part II – Policy context"),
            [
                (
                    _("Policy instrument addressed"),
                    f"{plan.instrument.code}: {plan.instrument.name}",
                ),
                (_("Type of instrument"), str(plan.get_instrument_type_display())),
                (_("Policy context"), plan.policy_context),
            ],
        )
        parts = [general, context]
        for action in plan.actions.all():
            timeframe = "{} – {}".format(
                formats.date_format(action.starts_on, "SHORT_DATE_FORMAT"),
                formats.date_format(action.ends_on, "SHORT_DATE_FORMAT"),
            )
            if action.timeframe:
                timeframe += f"; {action.timeframe}"
            costs = action.costs or ""
            if action.cost_eur is not None:
                amount = formats.number_format(
                    action.cost_eur, 2, use_l10n=True, force_grouping=True
                )
                costs = f"{amount} EUR" + (f"; {costs}" if costs else "")
            links = [
                f"{item.title} ({item.get_state_display()})"
                for item in action.recommendations.all()
            ]
            practices = [item.title for item in action.practices.all()]
            part = Part(
                _("Part III – Action %(number)s: %(title)s")
                % {"number": action.position, "title": action.title},
                [
                    (_("1. The background"), action.background),
                    (
                        _("Recommendations of the stakeholder group behind it"),
                        "; ".join(links) or "–",
                    ),
                    (_("Good practices it learns from"), "; ".join(practices) or "–"),
                    (_("2. Action"), action.description),
                    (_("3. Players involved"), action.players),
                    (_("4. Timeframe"), timeframe),
                    (_("5. Costs"), costs or "–"),
                    (_("6. Funding sources"), action.funding or "–"),
                ],
                [
                    "{} {}, {}: {}. {}".format(
                        Phase(note.phase).label,
                        formats.date_format(note.noted_on, "SHORT_DATE_FORMAT"),
                        _("progress"),
                        note.get_progress_display(),
                        note.text,
                    )
                    for note in action.notes.all()
                ],
            )
            parts.append(part)
        return Outline(
            title=_("Action plan"),
            subtitle=f"{partner.name} – {plan.instrument.code}",
            parts=parts,
        )


def to_docx(plan: ActionPlan, language: str) -> bytes:
    from docx import Document

    document_outline = outline(plan, language)
    document = Document()
    document.core_properties.title = f"{document_outline.title}: {document_outline.subtitle}"
    document.core_properties.language = language
    document.add_heading(document_outline.title, level=0)
    document.add_paragraph(document_outline.subtitle)
    with translation.override(language):
        monitoring = _("Monitoring")
    for part in document_outline.parts:
        document.add_heading(xml_text(part.heading), level=1)
        for label, text in part.rows:
            document.add_heading(label, level=2)
            for paragraph in xml_text(text or "–").split("\n"):
                document.add_paragraph(paragraph)
        if part.notes:
            document.add_heading(monitoring, level=2)
            for note in part.notes:
                document.add_paragraph(xml_text(note), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(plan: ActionPlan, language: str) -> bytes:
    from weasyprint import HTML

    document_outline = outline(plan, language)
    with translation.override(language):
        html = render_to_string(
            "actionplans/export.html", {"outline": document_outline, "language": language}
        )
    return bytes(HTML(string=html).write_pdf())


def export(plan: ActionPlan, *, file_format: str, language: str) -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    return to_docx(plan, language) if file_format == "docx" else to_pdf(plan, language)


def file_name(plan: ActionPlan, *, file_format: str, language: str) -> str:
    from scaleup.core.slugs import slug_for

    partner, instrument = slug_for(plan.partner.short_name), slug_for(plan.instrument.code)
    return f"action-plan-{partner}-{instrument}-{language}.{file_format}"


@transaction.atomic
def plans_list_xlsx(plans: Iterable[Any], *, filename: str, actor: Any) -> HttpResponseBase:
    """The list of plans (from `selectors.managed_with_totals`), one row per plan. It names
    each plan's contact person, so the export is logged."""
    plans = list(plans)
    record(actor=actor, action="actionplans.plans.exported", target=None, rows=len(plans))
    return xlsx_response(
        filename=filename,
        header=[
            _("partner"),
            _("policy instrument"),
            _("name of the instrument"),
            _("type of instrument"),
            _("NUTS 2 region"),
            _("contact person"),
            _("contact e-mail"),
            _("actions"),
            _("total cost (EUR)"),
            _("first action starts on"),
            _("last action ends on"),
            _("updated"),
        ],
        rows=(
            (
                plan.partner.short_name,
                plan.instrument.code,
                plan.instrument.name_pl,
                plan.get_instrument_type_display(),
                plan.nuts2_region,
                plan.contact_name,
                plan.contact_email,
                plan.actions_count,
                plan.cost_total,
                plan.first_start.isoformat() if plan.first_start else "",
                plan.last_end.isoformat() if plan.last_end else "",
                plan.updated_at.date().isoformat(),
            )
            for plan in plans
        ),
        title=_("Action plans"),
    )
