"""Public records: the recommendations of the accountability pages and the library of good
practices. Anyone reads them; a token changes nothing here."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from scaleup.api.auth import optional_token_auth
from scaleup.api.pagination import Pages
from scaleup.api.problems import READ_ERRORS
from scaleup.api.types import Id, Text
from scaleup.policy import selectors as policy_selectors
from scaleup.policy.models import Recommendation
from scaleup.practices.models import GoodPractice

router = Router(tags=["public records"])


class RecommendationOut(Schema):
    id: int
    group: int = Field(alias="group_id")
    instrument: int | None = Field(alias="instrument_id")
    measure: int | None = Field(alias="measure_id")
    state: str
    title_pl: str
    title_en: str
    text_pl: str
    text_en: str
    rationale_pl: str
    rationale_en: str
    statements: int = Field(alias="statement_count", description="Workshop statements behind it.")
    endorsements: int = Field(alias="endorsement_count")
    page: str

    @staticmethod
    def resolve_page(recommendation: Recommendation, context: Any) -> str:
        path = reverse("accountability:recommendation", kwargs={"pk": recommendation.pk})
        return str(context["request"].build_absolute_uri(path))


class RecommendationFilter(FilterSchema):
    instrument: Annotated[Id | None, FilterLookup("instrument_id")] = Field(
        None, description="A policy instrument's id."
    )
    measure: Annotated[Id | None, FilterLookup("measure_id")] = None
    state: Text | None = Field(None, max_length=20)


@router.get(
    "/recommendations",
    response={200: list[RecommendationOut], **READ_ERRORS},
    auth=optional_token_auth,
    url_name="recommendation_list",
    summary="List the public recommendations",
    description="Endorsed by a stakeholder group, submitted, decided or implemented.",
)
@paginate(Pages)
def recommendation_list(
    request: HttpRequest, filters: Query[RecommendationFilter]
) -> QuerySet[Recommendation]:
    return filters.filter(policy_selectors.public_recommendations())


@router.get(
    "/recommendations/{recommendation_id}",
    response={200: RecommendationOut, **READ_ERRORS},
    auth=optional_token_auth,
    url_name="recommendation_detail",
    summary="Read a public recommendation",
)
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> Recommendation:
    return get_object_or_404(policy_selectors.public_recommendations(), pk=recommendation_id)


class PracticeOut(Schema):
    id: int
    slug: str
    title: str
    language: str
    partner: int = Field(alias="partner_id")
    country: str
    region: str
    sector: str
    themes: list[int] = Field(description="The ids of the project's themes it concerns.")
    summary: str
    description: str
    contact_organisation: str
    page: str

    @staticmethod
    def resolve_themes(practice: GoodPractice) -> list[int]:
        return [theme.pk for theme in practice.themes.all()]

    @staticmethod
    def resolve_page(practice: GoodPractice, context: Any) -> str:
        return str(context["request"].build_absolute_uri(practice.get_absolute_url()))


class PracticeFilter(FilterSchema):
    country: Text | None = Field(None, max_length=2)
    sector: Annotated[Text | None, FilterLookup("sector__iexact")] = Field(None, max_length=100)
    theme: Annotated[Id | None, FilterLookup("themes__id")] = Field(
        None, description="A theme's id."
    )
    search: Annotated[Text | None, FilterLookup("title__icontains")] = Field(
        None, max_length=100, description="Part of the title."
    )


def _published() -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(is_published=True)
        .prefetch_related("themes")
        .order_by("title", "id")
    )


@router.get(
    "/practices",
    response={200: list[PracticeOut], **READ_ERRORS},
    auth=optional_token_auth,
    url_name="practice_list",
    summary="List the published good practices",
)
@paginate(Pages)
def practice_list(request: HttpRequest, filters: Query[PracticeFilter]) -> QuerySet[GoodPractice]:
    return filters.filter(_published()).distinct()


@router.get(
    "/practices/{practice_id}",
    response={200: PracticeOut, **READ_ERRORS},
    auth=optional_token_auth,
    url_name="practice_detail",
    summary="Read a published good practice",
)
def practice_detail(request: HttpRequest, practice_id: int) -> GoodPractice:
    return get_object_or_404(_published(), pk=practice_id)
