"""A meeting's papers, in Polish or English, as `core.documents` outlines (PDF or DOCX):

- the attendance list (lista obecności) to sign at the door: the confirmed registrations in
  alphabetical order, a signature column, and blank rows for people who come unannounced;
- the minutes: the meeting's facts and agenda, attendance by kind of organisation, the
  facilitator's minutes, and for each workshop conversation its figures, opinion groups
  with their representative statements, and the statements of consensus.

Both hold personal data or the group's work, so each download is written to the audit log.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from scaleup.core.audit import record
from scaleup.core.documents import Document, Section, Table
from scaleup.dialogue.opinion_views import opinion_view
from scaleup.dialogue.selectors import conversation_counts, latest_snapshot
from scaleup.indicators.tally import organisation_key
from scaleup.meetings.models import Meeting, Registration
from scaleup.stakeholders.models import OrganisationKind

#: Empty rows at the end of the attendance list, for people who were not registered.
BLANK_ROWS = 8


def _when(meeting: Meeting) -> str:
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    day = formats.date_format(starts, "DATE_FORMAT")
    return f"{day}, {starts:%H:%M}–{ends:%H:%M}"


def _where(meeting: Meeting) -> str:
    return ", ".join(part for part in (str(meeting.venue), meeting.address) if part)


def _facts(meeting: Meeting) -> list[str]:
    return [
        _("When: %(when)s") % {"when": _when(meeting)},
        _("Where: %(where)s") % {"where": _where(meeting)},
        _("Group: %(group)s") % {"group": meeting.group.name},
    ]


def _header(meeting: Meeting) -> list[str]:
    project = meeting.group.partner.project
    return [f"{project.acronym}: {project.title}", str(project.programme.funding_statement)]


def _confirmed(meeting: Meeting) -> list[Registration]:
    return sorted(
        meeting.registrations.filter(status=Registration.Status.CONFIRMED, anonymised_at=None),
        key=lambda registration: registration.full_name.casefold(),
    )


def attendance_list(meeting: Meeting, language: str) -> Document:
    with translation.override(language):
        people = _confirmed(meeting)
        rows = [
            [str(number), registration.full_name, registration.organisation_name, ""]
            for number, registration in enumerate(people, start=1)
        ]
        rows += [[str(len(rows) + extra), "", "", ""] for extra in range(1, BLANK_ROWS + 1)]
        return Document(
            title=_("Attendance list"),
            subtitle=str(meeting.title),
            header=_header(meeting),
            landscape=False,
            sections=[
                Section(
                    _("Meeting"),
                    _facts(meeting),
                ),
                Section(
                    _("Participants"),
                    [
                        _(
                            "By signing, participants confirm their presence. The list is kept "
                            "as evidence of the project's activities."
                        )
                    ],
                    Table(
                        [_("No."), _("Full name"), _("Organisation"), _("Signature")],
                        rows,
                        for_signatures=True,
                    ),
                ),
            ],
        )


def _workshop_sections(meeting: Meeting) -> list[Section]:
    sections = []
    for conversation in meeting.conversations.order_by("created_at", "pk"):
        counts = conversation_counts(conversation)
        section = Section(
            _("Workshop: %(question)s") % {"question": conversation.question},
            [
                _("Participants: %(participants)s; statements: %(statements)s; votes: %(votes)s.")
                % {
                    "participants": counts["participants"],
                    "statements": counts["statements"],
                    "votes": counts["votes"],
                }
            ],
        )
        view = opinion_view(latest_snapshot(conversation))
        if view is None:
            section.paragraphs.append(_("The workshop has no opinion map yet."))
            sections.append(section)
            continue
        rows = []
        for group in view.groups:
            label = _("Group %(letter)s (%(size)s)") % {
                "letter": group.style.letter,
                "size": group.size,
            }
            for line in group.representative:
                rows.append([label, _direction(line.direction, line.percent), line.text])
        for line in view.consensus_agree + view.consensus_disagree:
            rows.append([_("Consensus"), _direction(line.direction, line.percent), line.text])
        section.table = Table([_("Who"), _("Position"), _("Statement")], rows)
        sections.append(section)
    return sections


def _direction(direction: str, percent: int) -> str:
    if direction == "disagree":
        return _("%(percent)s%% disagree") % {"percent": percent}
    return _("%(percent)s%% agree") % {"percent": percent}


def minutes(meeting: Meeting, language: str) -> Document:
    with translation.override(language):
        present = list(meeting.registrations.filter(attended=True))
        by_kind = Counter(registration.organisation_kind for registration in present)
        organisations = {
            organisation_key(registration.organisation_id, registration.organisation_name)
            for registration in present
        }
        kinds = dict(OrganisationKind.choices)
        agenda = [
            [
                item.starts_at.strftime("%H:%M") if item.starts_at else "",
                str(item.title),
                item.speaker,
            ]
            for item in meeting.agenda_items.order_by("position")
        ]
        sections = [
            Section(
                _("Meeting"),
                [
                    *_facts(meeting),
                    _("Format: %(format)s") % {"format": meeting.get_format_display()},
                    str(meeting.theme),
                ],
            ),
            Section(
                _("Agenda"),
                [] if agenda else [_("No agenda was recorded.")],
                Table([_("Time"), _("Item"), _("Speaker")], agenda) if agenda else None,
            ),
            Section(
                _("Attendance"),
                [
                    _("People present: %(people)s; organisations: %(organisations)s.")
                    % {"people": len(present), "organisations": len(organisations)}
                ],
                Table(
                    [_("Kind of organisation"), _("People present")],
                    [
                        [str(kinds.get(kind, kind)), str(count)]
                        for kind, count in sorted(by_kind.items(), key=lambda item: -item[1])
                    ],
                )
                if present
                else None,
            ),
            Section(
                _("Minutes"),
                [str(meeting.minutes) or _("No minutes were written yet.")],
            ),
            *_workshop_sections(meeting),
        ]
        return Document(
            title=_("Minutes of the meeting"),
            subtitle=f"{meeting.title} – {_when(meeting)}",
            header=_header(meeting),
            sections=sections,
        )


DOCUMENTS = {"attendance-list": attendance_list, "minutes": minutes}


@transaction.atomic
def meeting_document(*, meeting: Meeting, name: str, language: str, actor: Any) -> Document:
    """The outline of one of the meeting's papers; its download is recorded."""
    document = DOCUMENTS[name](meeting, language)
    record(
        actor=actor,
        action=f"meetings.{name.replace('-', '_')}.exported",
        target=meeting,
        language=language,
    )
    return document
