"""The facilitator's pages of a group's cooperation network (namespace `network`, under
/<lang>/network/): the map with its table, an organisation's page, the gaps report, the
exports, and the entry, import and correction of ties.

Every view is guarded by `scaleup.access.checks.permission_required` on the group:
anonymous visitors are sent to sign in, people without the permission anywhere get 403,
another region's facilitator 404. Reading needs `network:view`, changing `network:manage`.
Changes go through `network.services` (they audit and queue the analysis) and answer with a
redirect (POST-redirect-GET). Nothing is computed on the request path: the pages read the
latest stored analysis (`NetworkSnapshot`), and every list is paginated or capped, because an
imported network has tens of thousands of organisations.
"""

from __future__ import annotations

import csv
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OrderBy
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from scaleup.access.checks import permission_required
from scaleup.core.audit import record
from scaleup.core.spreadsheets import xlsx_response
from scaleup.network import exports, forms, selectors, services
from scaleup.network.importers import COLUMNS, REQUIRED_COLUMNS, import_ties, validate_rows
from scaleup.network.models import NetworkSnapshot, NodeScore, Tie, TieKind
from scaleup.stakeholders.importers import FileFormatError, ImportFailed, RowError, read_rows
from scaleup.stakeholders.models import Organisation, OrganisationKind, StakeholderGroup
from scaleup.stakeholders.selectors import permitted_groups

PER_PAGE = 50
#: Edges drawn at most on one map (the strongest): a dense top-300 of an imported network
#: has tens of thousands of pairs, more than a browser lays out usefully.
MAX_MAP_EDGES = 5000
SUGGESTIONS = 10
GAP_LISTS = 25
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])

# --- how kinds of organisation look on the map -----------------------------------------------


@dataclass(frozen=True)
class KindStyle:
    """A Cytoscape node shape and an Okabe-Ito colour (told apart with the common colour
    vision deficiencies); the shape tells the kinds apart without colour."""

    shape: str
    colour: str


KIND_STYLES: dict[str, KindStyle] = {
    OrganisationKind.CLUSTER: KindStyle("diamond", "#E69F00"),
    OrganisationKind.UNIVERSITY: KindStyle("hexagon", "#0072B2"),
    OrganisationKind.BUSINESS_SUPPORT: KindStyle("pentagon", "#009E73"),
    OrganisationKind.SME: KindStyle("ellipse", "#56B4E9"),
    OrganisationKind.LARGE_ENTERPRISE: KindStyle("rectangle", "#D55E00"),
    OrganisationKind.ENTERPRISE: KindStyle("round-rectangle", "#F0E442"),
    OrganisationKind.REGIONAL_AUTHORITY: KindStyle("star", "#CC79A7"),
    OrganisationKind.LOCAL_GOVERNMENT: KindStyle("triangle", "#CC79A7"),
    OrganisationKind.PUBLIC_BODY: KindStyle("octagon", "#CC79A7"),
    OrganisationKind.NGO: KindStyle("vee", "#999999"),
    OrganisationKind.OTHER: KindStyle("tag", "#BBBBBB"),
}
FALLBACK_STYLE = KindStyle("ellipse", "#BBBBBB")

#: Shape names in words, for the legend (the map itself is an image to screen readers).
SHAPE_NAMES = {
    "diamond": gettext_lazy("diamond"),
    "hexagon": gettext_lazy("hexagon"),
    "pentagon": gettext_lazy("pentagon"),
    "ellipse": gettext_lazy("circle"),
    "rectangle": gettext_lazy("square"),
    "round-rectangle": gettext_lazy("rounded square"),
    "star": gettext_lazy("star"),
    "triangle": gettext_lazy("triangle"),
    "octagon": gettext_lazy("octagon"),
    "vee": gettext_lazy("chevron"),
    "tag": gettext_lazy("tag"),
}


def _polygon(sides: int, rotation: float = -90.0, r: float = 7.0) -> str:
    points = []
    for index in range(sides):
        angle = math.radians(rotation + 360.0 * index / sides)
        points.append(f"{8 + r * math.cos(angle):.1f},{8 + r * math.sin(angle):.1f}")
    return " ".join(points)


def _star() -> str:
    points = []
    for index in range(10):
        r = 7.5 if index % 2 == 0 else 3.2
        angle = math.radians(-90.0 + 36.0 * index)
        points.append(f"{8 + r * math.cos(angle):.1f},{8 + r * math.sin(angle):.1f}")
    return " ".join(points)


#: The legend's shapes as SVG polygons in a 16 x 16 box (colours are SVG attributes, which
#: the Content Security Policy allows, unlike inline styles).
LEGEND_POLYGONS = {
    "diamond": "8,0.5 15.5,8 8,15.5 0.5,8",
    "hexagon": _polygon(6, 0.0),
    "pentagon": _polygon(5),
    "triangle": "8,1 15,14.5 1,14.5",
    "octagon": _polygon(8, 22.5),
    "star": _star(),
    "vee": "1,2 8,9 15,2 8,15",
    "tag": "1,2 11,2 15,8 11,14 1,14",
}


@dataclass(frozen=True)
class LegendEntry:
    kind: str
    label: str
    shape: str
    shape_name: str
    colour: str
    polygon: str  # "" for the circle and the squares, drawn as <circle> and <rect>


def legend() -> list[LegendEntry]:
    return [
        LegendEntry(
            kind=kind,
            label=str(label),
            shape=style.shape,
            shape_name=str(SHAPE_NAMES[style.shape]),
            colour=style.colour,
            polygon=LEGEND_POLYGONS.get(style.shape, ""),
        )
        for kind, label in OrganisationKind.choices
        for style in [KIND_STYLES.get(kind, FALLBACK_STYLE)]
    ]


# --- the table's sort orders -----------------------------------------------------------------


@dataclass(frozen=True)
class Sort:
    column: str
    descending: bool
    order: tuple[str | OrderBy, ...]


def _nulls_last(field: str, *, descending: bool) -> OrderBy:
    expression = F(field)
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


#: The `sort` parameter's whitelist: value -> the column it sorts and the database order.
SORTS: dict[str, Sort] = {
    "name": Sort("name", False, ("organisation__name", "organisation_id")),
    "kind": Sort("kind", False, ("organisation__kind", "organisation__name", "organisation_id")),
    "region": Sort(
        "region",
        False,
        ("organisation__nuts_code", "organisation__country", "organisation__name", "pk"),
    ),
    "sector": Sort("sector", False, ("organisation__sector", "organisation__name", "pk")),
    "community": Sort("community", False, ("community", *selectors.STRONGEST_FIRST)),
    "-degree": Sort("degree", True, ("-degree", *selectors.STRONGEST_FIRST)),
    "-brokerage": Sort("brokerage", True, selectors.STRONGEST_FIRST),
    "constraint": Sort(
        "constraint",
        False,
        (_nulls_last("constraint", descending=False), "organisation__name", "pk"),
    ),
    "-catalyst_share": Sort(
        "catalyst_share",
        True,
        (_nulls_last("catalyst_share", descending=True), "organisation__name", "pk"),
    ),
}
DEFAULT_SORT = "-brokerage"

#: The table's columns: heading and the sort value of its link ("" for not sortable).
COLUMNS_OF_TABLE = (
    ("name", gettext_lazy("Organisation"), "name"),
    ("kind", gettext_lazy("Kind"), "kind"),
    ("region", gettext_lazy("Region"), "region"),
    ("sector", gettext_lazy("Sector"), "sector"),
    ("community", gettext_lazy("Community"), "community"),
    ("degree", gettext_lazy("Partners"), "-degree"),
    ("brokerage", gettext_lazy("Brokerage"), "-brokerage"),
    ("constraint", gettext_lazy("Constraint"), "constraint"),
    ("catalyst_share", gettext_lazy("Catalyst share"), "-catalyst_share"),
    ("is_gap", gettext_lazy("Isolated SME"), ""),
)


@dataclass(frozen=True)
class Column:
    label: str
    sort: str  # the link's sort value, "" when the column does not sort
    aria_sort: str  # "ascending" / "descending" on the sorted column


def table_columns(sort: str) -> list[Column]:
    current = SORTS[sort]
    return [
        Column(
            label=str(label),
            sort=value,
            aria_sort=(
                ("descending" if current.descending else "ascending")
                if current.column == column
                else ""
            ),
        )
        for column, label, value in COLUMNS_OF_TABLE
    ]


# --- helpers ---------------------------------------------------------------------------------


def _query(request: HttpRequest, *without: str) -> str:
    query: QueryDict = request.GET.copy()
    for name in without:
        query.pop(name, None)
    return query.urlencode()


def _next(request: HttpRequest) -> str:
    """`next` when it is a page of this site (the organisation page sends it), else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next(request) or default)


def _organisation_url(group: StakeholderGroup, organisation_id: int) -> str:
    return reverse("network:organisation", kwargs={"slug": group.slug, "pk": organisation_id})


def _base_context(group: StakeholderGroup, snapshot: NetworkSnapshot | None) -> dict[str, Any]:
    return {
        "group": group,
        "snapshot": snapshot,
        "analysis_pending": selectors.analysis_pending(group),
        "analysis_state": selectors.analysis_state(group),
        "section": "network",
    }


# --- the groups' networks --------------------------------------------------------------------


@permission_required("network:view")
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The networks the user may view; straight to the map when there is one."""
    groups = list(permitted_groups(request.user, "network:view"))
    if len(groups) == 1:
        return redirect("network:map", slug=groups[0].slug)
    return render(request, "network/index.html", {"groups": groups, "section": "network"})


# --- the map and its table -------------------------------------------------------------------


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def network_map(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    form = forms.MapFilterForm(request.GET)
    filters, limit = form.score_filters(), form.map_limit()
    sort = request.GET.get("sort", "")
    if sort not in SORTS:
        sort = DEFAULT_SORT
    snapshot = selectors.latest_snapshot(group)
    page = None
    sectors: list[str] = []
    if snapshot is not None:
        scores = selectors.filtered_scores(snapshot, filters).order_by(*SORTS[sort].order)
        page = Paginator(scores, PER_PAGE).get_page(request.GET.get("page"))
        sectors = selectors.sectors_of(snapshot)
    total = page.paginator.count if page is not None else 0
    filter_query = _query(request, "page", "sort")
    data_url = reverse("network:map_data", kwargs={"slug": group.slug})
    return render(
        request,
        "network/map.html",
        {
            **_base_context(group, snapshot),
            "form": form,
            "page": page,
            "total": total,
            "limit": limit,
            "shown_on_map": min(total, limit),
            "capped": total > limit,
            "sort": sort,
            "columns": table_columns(sort),
            "filter_query": filter_query,
            "page_query": _query(request, "page"),
            "data_url": f"{data_url}?{filter_query}" if filter_query else data_url,
            "sectors": sectors,
            "legend": legend(),
            "datalist_id": forms.SECTORS_DATALIST,
        },
    )


def _node(
    organisation: Organisation, score: NodeScore | None, group: StakeholderGroup
) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "label": organisation.name,
        "kind": organisation.kind,
        "community": score.community if score is not None else None,
        "brokerage": score.brokerage if score is not None else 0.0,
        "url": _organisation_url(group, organisation.pk),
    }


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def map_data(request: HttpRequest, group: StakeholderGroup) -> JsonResponse:
    """The map's nodes and edges as JSON: the filtered organisations (strongest `limit`
    first) or, with `ego=<organisation id>`, the organisation, its strongest partners and
    the ties among them. Edges are the current ties, one per pair, weights summed."""
    form = forms.MapFilterForm(request.GET)
    limit = form.map_limit()
    snapshot = selectors.latest_snapshot(group)
    ego_value = request.GET.get("ego", "")
    ego: Organisation | None = None
    nodes: list[tuple[Organisation, NodeScore | None]]
    if ego_value:
        if not ego_value.isdecimal():
            raise Http404
        if not selectors.known_to_group(group, [int(ego_value)]):
            raise Http404
        ego = get_object_or_404(Organisation, pk=int(ego_value))
        partner_ids, partners = selectors.current_partners(group, ego, limit=max(limit - 1, 1))
        nodes = selectors.organisations_with_scores(snapshot, [ego.pk, *partner_ids])
        total = partners + 1
    elif snapshot is not None:
        scores = selectors.filtered_scores(snapshot, form.score_filters()).order_by(
            *selectors.STRONGEST_FIRST
        )
        total = scores.count()
        nodes = [(score.organisation, score) for score in scores[:limit]]
    else:
        nodes, total = [], 0
    edges, pairs = selectors.current_edges(
        group, [organisation.pk for organisation, _ in nodes], limit=MAX_MAP_EDGES
    )
    response = JsonResponse(
        {
            "nodes": [
                {
                    **_node(organisation, score, group),
                    "ego": ego is not None and organisation == ego,
                }
                for organisation, score in nodes
            ],
            "edges": [
                {"source": source, "target": target, "weight": weight}
                for source, target, weight in edges
            ],
            "kinds": {
                kind: {
                    "label": str(label),
                    "shape": KIND_STYLES.get(kind, FALLBACK_STYLE).shape,
                    "colour": KIND_STYLES.get(kind, FALLBACK_STYLE).colour,
                }
                for kind, label in OrganisationKind.choices
            },
            "total": total,
            "shown": len(nodes),
            "capped": total > len(nodes),
            "edges_total": pairs,
            "ego": ego.pk if ego is not None else None,
            "snapshot": snapshot.pk if snapshot is not None else None,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- an organisation in the network ----------------------------------------------------------


@dataclass(frozen=True)
class TieLine:
    tie: Tie
    partner: Organisation
    current: bool  # in force today
    open_ended: bool  # no end date: it can be ended


@dataclass(frozen=True)
class Suggestion:
    suggestion: selectors.PartnerSuggestion
    explanation: str


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def organisation(request: HttpRequest, group: StakeholderGroup, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    snapshot = selectors.latest_snapshot(group)
    score = selectors.score_of(snapshot, organisation) if snapshot is not None else None
    ties = selectors.ties_with_partners(group, organisation)
    page = Paginator(ties, PER_PAGE).get_page(request.GET.get("page"))
    if score is None and not page.object_list:
        raise Http404
    today = timezone.localdate()
    lines = [
        TieLine(
            tie=tie,
            partner=tie.target if tie.source_id == organisation.pk else tie.source,
            current=(tie.valid_to is None or tie.valid_to >= today)
            and (tie.valid_from is None or tie.valid_from <= today),
            open_ended=tie.valid_to is None,
        )
        for tie in page
    ]
    suggestions = (
        [
            Suggestion(suggestion=suggestion, explanation=selectors.explain(suggestion))
            for suggestion in selectors.suggested_partners(snapshot, organisation, top=SUGGESTIONS)
        ]
        if snapshot is not None and score is not None
        else []
    )
    return render(
        request,
        "network/organisation.html",
        {
            **_base_context(group, snapshot),
            "organisation": organisation,
            "score": score,
            "page": page,
            "ties": lines,
            "suggestions": suggestions,
            "data_url": reverse("network:map_data", kwargs={"slug": group.slug})
            + f"?ego={organisation.pk}",
            "legend": legend(),
            "here": request.get_full_path(),
            "is_cluster": organisation.kind == OrganisationKind.CLUSTER,
        },
    )


# --- the gaps report -------------------------------------------------------------------------


#: Partners named per isolated SME; the rest are counted.
GAP_PARTNERS_SHOWN = 10


@dataclass(frozen=True)
class Gap:
    score: NodeScore
    partners: list[Organisation]
    more: int  # partners not named


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def gaps(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    """Isolated SMEs with their partners, the clusters that bridge SMEs and research, and
    the top brokers: a constant number of queries however long the lists."""
    snapshot = selectors.latest_snapshot(group)
    context: dict[str, Any] = _base_context(group, snapshot)
    if snapshot is not None:
        page = Paginator(selectors.gap_smes(snapshot), PER_PAGE).get_page(request.GET.get("page"))
        scores = list(page)
        partners = selectors.partners_of_many(group, [score.organisation_id for score in scores])
        context |= {
            "page": page,
            "gaps": [
                Gap(
                    score=score,
                    partners=partners[score.organisation_id][:GAP_PARTNERS_SHOWN],
                    more=max(len(partners[score.organisation_id]) - GAP_PARTNERS_SHOWN, 0),
                )
                for score in scores
            ],
            "clusters": list(selectors.catalyst_clusters(snapshot)[:GAP_LISTS]),
            "brokers": list(selectors.top_brokers(snapshot)[:GAP_LISTS]),
        }
    return render(request, "network/gaps.html", context)


# --- exports ---------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the text: the csv writer's line, streamed."""

    def write(self, value: str) -> str:
        return value


def _export(request: HttpRequest, group: StakeholderGroup, format_name: str) -> HttpResponseBase:
    snapshot = selectors.latest_snapshot(group)
    if snapshot is None:
        messages.error(request, _("There is nothing to export yet: the network is not analysed."))
        return redirect("network:map", slug=group.slug)
    record(
        actor=request.user,
        action="network.exported",
        target=group,
        format=format_name,
        snapshot=snapshot.pk,
        organisations=snapshot.nodes,
    )
    filename = f"network-{group.slug}-{timezone.localtime(snapshot.computed_at):%Y-%m-%d}"
    if format_name == "xlsx":
        return xlsx_response(
            filename=f"{filename}.xlsx",
            header=exports.CSV_COLUMNS,
            rows=exports.score_rows(snapshot),
            title=_("Network scores"),
        )
    if format_name == "csv":
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in exports.csv_rows(snapshot)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = StreamingHttpResponse(
            exports.gexf_chunks(snapshot), content_type="application/gexf+xml; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def export_csv(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    # A streaming response; access's decorator is typed for HttpResponse but passes it through.
    return cast(HttpResponse, _export(request, group, "csv"))


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def export_xlsx(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return cast(HttpResponse, _export(request, group, "xlsx"))


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def export_gexf(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    return cast(HttpResponse, _export(request, group, "gexf"))


@permission_required("network:view", model=StakeholderGroup, lookup="slug", argument="group")
@require_safe
def ties_export(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    """Every tie of the group's network as recorded, current and ended, as XLSX."""
    ties = Tie.objects.filter(group=group).select_related("source", "target").order_by("id")
    response = xlsx_response(
        filename=f"ties-{group.slug}-{timezone.localdate():%Y-%m-%d}.xlsx",
        header=[
            _("organisation"),
            _("partner organisation"),
            _("kind of tie"),
            _("weight"),
            _("valid from"),
            _("valid to"),
            _("source"),
            _("evidence"),
        ],
        rows=(
            (
                tie.source.name,
                tie.target.name,
                tie.get_kind_display(),
                tie.weight,
                tie.valid_from.isoformat() if tie.valid_from else "",
                tie.valid_to.isoformat() if tie.valid_to else "",
                tie.source_name,
                tie.evidence,
            )
            for tie in ties.iterator(chunk_size=2000)
        ),
        title=_("Ties"),
    )
    return cast(HttpResponse, response)


# --- ties ------------------------------------------------------------------------------------


def _tie_or_404(group: StakeholderGroup, pk: int) -> Tie:
    tie = selectors.tie_with_ends(group, pk)
    if tie is None:
        raise Http404
    return tie


def _preselected(request: HttpRequest, group: StakeholderGroup) -> dict[str, str]:
    """`?organisation=<id>&partner=<id>` fill the form with those organisations' names,
    if the group knows them (another region's organisations are not named)."""
    ids = {
        name: int(value)
        for name in ("organisation", "partner")
        if (value := request.GET.get(name, "")).isdecimal()
    }
    known = selectors.known_to_group(group, ids.values())
    names = dict(Organisation.objects.filter(pk__in=known).values_list("pk", "name"))
    return {name: names[pk] for name, pk in ids.items() if pk in names}


def _tie_form_context(group: StakeholderGroup, form: Any, **extra: Any) -> dict[str, Any]:
    return {
        "group": group,
        "form": form,
        "names": selectors.tie_form_names(group),
        "datalist_id": forms.ORGANISATIONS_DATALIST,
        "section": "network",
        **extra,
    }


@permission_required("network:manage", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def tie_create(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    form = forms.TieForm(request.POST or None, initial=_preselected(request, group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_tie(
                group=group,
                source=data["organisation"],
                target=data["partner"],
                kind=data["kind"],
                weight=data["weight"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                source_name=data["source_name"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:
            forms.add_service_errors(form, error.message_dict)
        else:
            messages.success(
                request,
                _("The tie between %(organisation)s and %(partner)s is recorded.")
                % {"organisation": data["organisation"].name, "partner": data["partner"].name},
            )
            return redirect("network:organisation", slug=group.slug, pk=data["organisation"].pk)
    return render(request, "network/tie_form.html", _tie_form_context(group, form))


@permission_required("network:manage", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def tie_edit(request: HttpRequest, group: StakeholderGroup, pk: int) -> HttpResponse:
    tie = _tie_or_404(group, pk)
    form = forms.TieEditForm(request.POST or None, tie=tie)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_tie(tie=tie, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("The tie is saved."))
            return _back(request, _organisation_url(group, tie.source_id))
    return render(
        request,
        "network/tie_form.html",
        _tie_form_context(group, form, tie=tie, next=_next(request)),
    )


@permission_required("network:manage", model=StakeholderGroup, lookup="slug", argument="group")
@require_POST
def tie_end(request: HttpRequest, group: StakeholderGroup, pk: int) -> HttpResponse:
    tie = _tie_or_404(group, pk)
    try:
        services.end_tie(tie=tie, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The cooperation of %(source)s and %(target)s is recorded as ended today.")
            % {"source": tie.source.name, "target": tie.target.name},
        )
    return _back(request, _organisation_url(group, tie.source_id))


@permission_required("network:manage", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def tie_delete(request: HttpRequest, group: StakeholderGroup, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (for ties entered by mistake)."""
    tie = _tie_or_404(group, pk)
    if request.method == "POST":
        services.delete_tie(tie=tie, actor=request.user)
        messages.success(
            request,
            _("The tie between %(source)s and %(target)s is deleted.")
            % {"source": tie.source.name, "target": tie.target.name},
        )
        return _back(request, reverse("network:map", kwargs={"slug": group.slug}))
    return render(
        request,
        "network/tie_delete.html",
        {"group": group, "tie": tie, "next": _next(request), "section": "network"},
    )


@permission_required("network:manage", model=StakeholderGroup, lookup="slug", argument="group")
@GET_OR_POST
def ties_import(request: HttpRequest, group: StakeholderGroup) -> HttpResponse:
    """Ties from a CSV or XLSX file: all or nothing, every problem listed with its row."""
    form = forms.TieImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = Path(upload.name or "ties.csv").name[:200]
        with tempfile.NamedTemporaryFile(suffix=Path(filename).suffix.lower()) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                rows = read_rows(Path(handle.name), columns=COLUMNS, required=REQUIRED_COLUMNS)
                if form.cleaned_data["dry_run"]:
                    count = len(validate_rows(rows))
                else:
                    counts = import_ties(
                        group=group, rows=rows, actor=request.user, filename=filename
                    )
            except FileFormatError as error:
                form.add_error("file", str(error).replace(Path(handle.name).name, filename))
            except ImportFailed as failure:
                errors = list(failure.errors)
            else:
                if form.cleaned_data["dry_run"]:
                    messages.success(
                        request,
                        ngettext(
                            "The file is valid: %(count)d tie would be imported. Nothing saved.",
                            "The file is valid: %(count)d ties would be imported. Nothing saved.",
                            count,
                        )
                        % {"count": count},
                    )
                    return redirect("network:ties_import", slug=group.slug)
                messages.success(
                    request,
                    _(
                        "Ties imported: %(created)d new, %(updated)d updated. The network is "
                        "analysed again in the background."
                    )
                    % {"created": counts.created, "updated": counts.updated},
                )
                return redirect("network:map", slug=group.slug)
    return render(
        request,
        "network/ties_import.html",
        {
            "group": group,
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "required": REQUIRED_COLUMNS,
            "kinds": TieKind.values,
            "section": "network",
        },
    )
