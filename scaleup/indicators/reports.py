"""The semester progress report of a partner, or of the whole project, in Polish or English,
as a `core.documents` outline (DOCX and PDF hold the same sections): the reporting period,
the indicators, meetings and attendance, good practices, recommendations and action-plan
monitoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from scaleup.core import documents
from scaleup.core.documents import Document, Section, Table
from scaleup.indicators.models import Unit
from scaleup.indicators.selectors import IndicatorTable, semester_activity, semester_values
from scaleup.projects.models import Partner

FORMATS = documents.FORMATS
LANGUAGES = ("pl", "en")
CONTENT_TYPES = documents.CONTENT_TYPES


def _number(value: Decimal, unit: str) -> str:
    places = 2 if unit == Unit.EUR or value != value.to_integral_value() else 0
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _moment(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _or_nothing(section: Section, rows: list[list[str]], headers: list[str]) -> Section:
    if rows:
        section.table = Table(headers, rows)
    else:
        section.paragraphs.append(_("Nothing in this semester."))
    return section


def build(table: IndicatorTable, *, number: int, language: str) -> Document:
    """The report of the table's partners (one: the partner's; all: the project's)."""
    semester = table.semester(number)
    if semester is None:
        raise ValueError(f"the project has no semester {number}")
    partners: Sequence[Partner] = table.partners
    whole = len(partners) > 1
    with translation.override(language):
        project = table.project
        who = _("All partners") if whole else partners[0].name
        period = _("Semester %(number)d: %(start)s – %(end)s") % {
            "number": semester.number,
            "start": _day(semester.starts_on),
            "end": _day(semester.ends_on),
        }
        sections = [
            Section(
                _("Reporting period"),
                [
                    f"{project.acronym}: {project.title}",
                    _("Partners: %(names)s") % {"names": ", ".join(p.name for p in partners)},
                    period,
                    _("Made on %(day)s from the platform's records.")
                    % {"day": _day(timezone.localdate())},
                ],
            )
        ]
        values = semester_values(table, number)
        indicator_rows = []
        sources = []
        for row in values:
            indicator = row["indicator"]
            name = (
                _("%(name)s (entered)") % {"name": indicator.name}
                if indicator.is_manual
                else indicator.name
            )
            indicator_rows.append(
                [
                    indicator.code,
                    name,
                    _number(row["project"], indicator.unit),
                    _number(row["project_cumulative"], indicator.unit),
                ]
            )
            for cell in row["cells"]:
                if cell["entered"] is not None:
                    sources.append(
                        f"{indicator.code}, {cell['partner'].short_name}: {cell['entered'].source}"
                    )
        indicators = Section(
            _("Indicators"),
            [_("Values in this semester and since the start of the project.")],
            Table(
                [_("Code"), _("Indicator"), _("This semester"), _("Since the start")],
                indicator_rows,
            ),
        )
        if sources:
            indicators.paragraphs.append(
                _("Sources of the entered values: %(list)s") % {"list": "; ".join(sources)}
            )
        sections.append(indicators)
        if whole:
            sections.append(
                Section(
                    _("Indicators per partner"),
                    [_("Values in this semester.")],
                    Table(
                        [_("Code"), *[p.short_name for p in partners]],
                        [
                            [row["indicator"].code]
                            + [
                                _number(cell["value"], row["indicator"].unit)
                                for cell in row["cells"]
                            ]
                            for row in values
                        ],
                    ),
                )
            )
        activity = semester_activity(partners=partners, semester=semester)
        sections.append(
            _or_nothing(
                Section(_("Meetings and attendance")),
                [
                    [
                        _moment(meeting.starts_at),
                        meeting.group.partner.short_name,
                        str(meeting.title),
                        str(meeting.get_format_display()),
                        str(meeting.people),
                        str(meeting.organisations),
                    ]
                    for meeting in activity.meetings
                ],
                [
                    _("Date"),
                    _("Partner"),
                    _("Meeting"),
                    _("Format"),
                    _("People present"),
                    _("Organisations present"),
                ],
            )
        )
        sections.append(
            _or_nothing(
                Section(_("Good practices identified")),
                [
                    [
                        practice.partner.short_name,
                        practice.title,
                        _("published") if practice.is_published else _("not published"),
                    ]
                    for practice in activity.practices
                ],
                [_("Partner"), _("Practice"), _("State")],
            )
        )
        sections.append(
            _or_nothing(
                Section(_("Recommendations")),
                [
                    [
                        _moment(step.created_at),
                        step.recommendation.group.partner.short_name,
                        str(step.recommendation.title),
                        str(step.get_to_state_display()),
                    ]
                    for step in activity.steps
                ],
                [_("Date"), _("Partner"), _("Recommendation"), _("Step")],
            )
        )
        sections.append(
            _or_nothing(
                Section(_("Action plan monitoring")),
                [
                    [
                        _day(note.noted_on),
                        note.action.plan.partner.short_name,
                        str(note.action.title),
                        str(note.get_progress_display()),
                        note.text,
                    ]
                    for note in activity.notes
                ],
                [
                    _("Date"),
                    _("Partner"),
                    pgettext("action plan", "Action"),
                    _("Progress"),
                    _("Note"),
                ],
            )
        )
        return Document(
            title=_("Semester progress report"),
            subtitle=f"{project.acronym} – {who} – {period}",
            sections=sections,
        )


def render(report: Document, *, file_format: str, language: str) -> bytes:
    return documents.render(report, file_format=file_format, language=language)
