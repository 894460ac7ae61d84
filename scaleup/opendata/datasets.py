"""The open data: published, non-personal records as CSV files under CC BY 4.0, each with
its data dictionary. No names of people, no e-mail addresses: meetings with their counts,
organisations that agreed to be listed, the recommendations on the public accountability
pages, published good practices, and closed workshops in Pol.is's layout (anonymous
participant numbers; only accepted statements keep their text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from scaleup.dialogue.models import Conversation
from scaleup.meetings.models import Meeting, Registration
from scaleup.policy.lifecycle import PUBLIC, State
from scaleup.policy.models import Recommendation
from scaleup.practices.models import GoodPractice
from scaleup.stakeholders.models import OrganisationKind
from scaleup.stakeholders.selectors import listed_organisations

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[list[Any]]]

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def _one_of(meaning: str | Promise, values: Iterable[str]) -> str | Promise:
    return format_lazy("{}: {}", meaning, ", ".join(values))


def _moment(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _meetings() -> Iterator[list[Any]]:
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    rows = (
        Meeting.objects.filter(is_published=True)
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            present=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("starts_at", "pk")
        .values_list(
            "slug",
            "group__slug",
            "group__partner__short_name",
            "format",
            "title_pl",
            "title_en",
            "starts_at",
            "ends_at",
            "venue_pl",
            "confirmed",
            "present",
        )
    )
    for slug, group, partner, kind, title_pl, title_en, starts, ends, venue, *counts in rows:
        yield [
            slug,
            group,
            partner,
            kind,
            title_pl,
            title_en,
            _moment(starts),
            _moment(ends),
            venue,
            *counts,
        ]


def _organisations() -> Iterator[list[Any]]:
    for organisation in listed_organisations().prefetch_related("memberships__group"):
        groups = sorted(
            membership.group.slug
            for membership in organisation.memberships.all()
            if membership.left_on is None
        )
        yield [
            organisation.name,
            organisation.kind,
            organisation.city,
            organisation.country,
            organisation.nuts_code,
            organisation.website,
            ";".join(groups),
        ]


def _recommendations() -> Iterator[list[Any]]:
    rows = (
        Recommendation.objects.filter(state__in=sorted(PUBLIC))
        .annotate(endorsements_count=Count("endorsements", distinct=True))
        .order_by("pk")
        .values_list(
            "pk",
            "group__slug",
            "instrument__code",
            "measure__code",
            "title_pl",
            "title_en",
            "state",
            "endorsements_count",
            "updated_at",
        )
    )
    for *fields, updated_at in rows:
        yield [*(value if value is not None else "" for value in fields), _moment(updated_at)]


def _practices() -> Iterator[list[Any]]:
    practices = (
        GoodPractice.objects.filter(is_published=True)
        .select_related("partner")
        .prefetch_related("themes")
        .order_by("pk")
    )
    for practice in practices:
        yield [
            practice.slug,
            practice.title,
            practice.language,
            practice.partner.short_name,
            practice.country,
            practice.region,
            practice.sector,
            ";".join(theme.name_en or theme.name_pl for theme in practice.themes.all()),
            practice.summary,
        ]


def published_workshops() -> QuerySet[Conversation]:
    """Closed workshops of published meetings: their votes no longer change, so the files
    are final. Conversations without a meeting (imported from Pol.is, say) are not ours to
    publish."""
    return (
        Conversation.objects.filter(is_open=False, meeting__is_published=True)
        .select_related("group")
        .order_by("created_at", "pk")
    )


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "meetings",
        _("Meetings"),
        _("Every published meeting of the stakeholder groups, with its attendance figures."),
        (
            Column("slug", _("the meeting's identifier in the portal's addresses")),
            Column("group", _("the stakeholder group's identifier")),
            Column("partner", _("the project partner running the group")),
            Column("format", _one_of(_("the kind of meeting"), Meeting.Format.values)),
            Column("title_pl", _("title in Polish")),
            Column("title_en", _("title in English (may be empty)")),
            Column("starts_at", _("start, ISO 8601 with the offset from UTC")),
            Column("ends_at", _("end, ISO 8601 with the offset from UTC")),
            Column("venue", _("where it takes place")),
            Column("registered", _("confirmed registrations")),
            Column("present", _("people marked present")),
        ),
        _meetings,
    ),
    Dataset(
        "organisations",
        _("Organisations"),
        _(
            "Member organisations of the stakeholder groups that agreed to be listed in the "
            "open data."
        ),
        (
            Column("name", _("the organisation's name")),
            Column("kind", _one_of(_("the kind of organisation"), OrganisationKind.values)),
            Column("city", _("city")),
            Column("country", _("country, ISO 3166-1 alpha-2")),
            Column("nuts", _("NUTS region code (may be empty)")),
            Column("website", _("website (may be empty)")),
            Column("groups", _("the groups it belongs to, separated by semicolons")),
        ),
        _organisations,
    ),
    Dataset(
        "recommendations",
        _("Recommendations"),
        _(
            "The groups' recommendations from their endorsement on, with the policy "
            "instrument and measure they aim at and their state."
        ),
        (
            Column("id", _("the recommendation's number in the portal")),
            Column("group", _("the stakeholder group's identifier")),
            Column("instrument", _("the policy instrument's short name")),
            Column("measure", _("the measure's number (may be empty before submission)")),
            Column("title_pl", _("title in Polish")),
            Column("title_en", _("title in English (may be empty)")),
            Column("state", _one_of(_("where it stands"), [str(s) for s in State if s in PUBLIC])),
            Column("endorsements", _("member organisations that endorsed it")),
            Column("updated_at", _("last change, ISO 8601")),
        ),
        _recommendations,
    ),
    Dataset(
        "good-practices",
        _("Good practices"),
        _("Published good practices of the project's partners."),
        (
            Column("slug", _("the practice's identifier in the portal's addresses")),
            Column("title", _("title, in the practice's language")),
            Column("language", _("the language it is written in: pl or en")),
            Column("partner", _("the project partner that identified it")),
            Column("country", _("country, ISO 3166-1 alpha-2 (EL for Greece, UK)")),
            Column("region", _("region")),
            Column("sector", _("sector (may be empty)")),
            Column("themes", _("the project's themes it concerns, separated by semicolons")),
            Column("summary", _("short summary")),
        ),
        _practices,
    ),
)

DATASET_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
