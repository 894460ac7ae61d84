"""The opinion map of a snapshot as the pages draw it: dots per participant shaped and
lettered by opinion group, statements placed on the map, and the groups' representative,
consensus and divisive statements. Used by the projector and the meeting's minutes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scaleup.dialogue.models import OpinionSnapshot, Statement
from scaleup.dialogue.opinion.result import OpinionResult, StatementStat

#: Letters and shapes tell the groups apart without colour; the colours (projector.css,
#: Okabe-Ito palette) are distinguishable with the common colour-vision deficiencies.
GROUP_LETTERS = "ABCDEFGHIJ"
GROUP_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down")

MAP_WIDTH = 800
MAP_HEIGHT = 500
MAP_PADDING = 24
DOT_RADIUS = 6.0
LEGEND_RADIUS = 8.0


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path of `shape` centred on (x, y), about 2r wide."""
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y + r * 0.8:.1f}L{x - r:.1f} {y + r * 0.8:.1f}z"
    if shape == "triangle-down":
        return f"M{x:.1f} {y + r:.1f}L{x + r:.1f} {y - r * 0.8:.1f}L{x - r:.1f} {y - r * 0.8:.1f}z"
    if shape == "diamond":
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}z"
    arc = f"a{r:.1f} {r:.1f} 0 1 0"
    return f"M{x - r:.1f} {y:.1f}{arc} {2 * r:.1f} 0{arc} {-2 * r:.1f} 0z"


@dataclass(frozen=True)
class GroupStyle:
    letter: str
    shape: str
    css: str

    def legend_path(self) -> str:
        return shape_path(self.shape, LEGEND_RADIUS + 1, LEGEND_RADIUS + 1, LEGEND_RADIUS)


@dataclass(frozen=True)
class Dot:
    path: str
    css: str


@dataclass(frozen=True)
class StatementPoint:
    """A statement on the map: a small cross and its number (coordinates pre-formatted, so
    that a locale's decimal comma cannot break the SVG)."""

    path: str
    label_x: str
    label_y: str
    label: str

    @classmethod
    def at(cls, x: float, y: float, label: str) -> StatementPoint:
        r = 4.0
        path = f"M{x - r:.1f} {y:.1f}h{2 * r:.1f}M{x:.1f} {y - r:.1f}v{2 * r:.1f}"
        return cls(path=path, label_x=f"{x + r + 1:.1f}", label_y=f"{y - r:.1f}", label=label)


@dataclass(frozen=True)
class GroupShare:
    """One group's net agreement with a divisive statement, in percent (-100..100)."""

    style: GroupStyle
    net: int


@dataclass(frozen=True)
class StatementLine:
    id: int
    text: str
    direction: str
    percent: int
    by_group: list[GroupShare] = field(default_factory=list)


@dataclass(frozen=True)
class GroupView:
    id: int
    style: GroupStyle
    size: int
    representative: list[StatementLine]


@dataclass(frozen=True)
class OpinionView:
    """What the projector shows of a snapshot, ready for the template."""

    view_box: str
    dots: list[Dot]
    statements: list[StatementPoint]
    groups: list[GroupView]
    consensus_agree: list[StatementLine]
    consensus_disagree: list[StatementLine]
    divisive: list[StatementLine]
    clustered: int


def _percent(stat: StatementStat) -> int:
    if stat.n_seen <= 0:
        return 0
    count = stat.n_disagree if stat.direction == "disagree" else stat.n_agree
    return round(100 * count / stat.n_seen)


def _scaler(points: Iterable[tuple[float, float]]) -> Callable[[float, float], tuple[float, float]]:
    """Map coordinates into the drawing, one scale for both axes (distances stay true),
    y pointing up as on a chart."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return lambda x, y: (MAP_WIDTH / 2, MAP_HEIGHT / 2)
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = max_x - min_x, max_y - min_y
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_PADDING, MAP_HEIGHT - 2 * MAP_PADDING
    scale = min(
        inner_w / span_x if span_x > 0 else float("inf"),
        inner_h / span_y if span_y > 0 else float("inf"),
    )
    if scale == float("inf"):
        scale = 1.0
    off_x = (MAP_WIDTH - span_x * scale) / 2
    off_y = (MAP_HEIGHT - span_y * scale) / 2

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return off_x + (x - min_x) * scale, MAP_HEIGHT - (off_y + (y - min_y) * scale)

    return to_svg


def opinion_view(snapshot: OpinionSnapshot | None) -> OpinionView | None:
    """The map and lists of a snapshot, or None before the first recompute with groups."""
    if snapshot is None or not snapshot.data:
        return None
    result = OpinionResult.from_dict(snapshot.data)
    if not result.participant_ids:
        return None
    styles = {
        group.id: GroupStyle(
            letter=GROUP_LETTERS[index % len(GROUP_LETTERS)],
            shape=GROUP_SHAPES[index % len(GROUP_SHAPES)],
            css=f"projector-group-{index % len(GROUP_SHAPES)}",
        )
        for index, group in enumerate(sorted(result.groups, key=lambda g: g.id))
    }
    fallback = GroupStyle(letter="?", shape="circle", css="projector-group-none")
    to_svg = _scaler([*result.coordinates.values(), *result.statement_coordinates.values()])
    dots = []
    for pid in result.participant_ids:
        style = styles.get(result.group_of.get(pid, -1), fallback)
        x, y = to_svg(*result.coordinates[pid])
        dots.append(Dot(path=shape_path(style.shape, x, y, DOT_RADIUS), css=style.css))
    points = [
        StatementPoint.at(*to_svg(*xy), str(sid))
        for sid, xy in sorted(result.statement_coordinates.items())
    ]

    stats = [
        *(s for g in result.groups for s in g.representative),
        *(s for v in result.consensus.values() for s in v),
        *result.divisive,
    ]
    texts = dict(
        Statement.objects.filter(pk__in={s.statement_id for s in stats}).values_list("id", "text")
    )

    def line(stat: StatementStat) -> StatementLine:
        return StatementLine(
            id=stat.statement_id,
            text=texts.get(stat.statement_id, ""),
            direction=stat.direction,
            percent=_percent(stat),
            by_group=[
                GroupShare(style=styles.get(gid, fallback), net=round(100 * net))
                for gid, net in sorted(stat.by_group.items())
            ],
        )

    return OpinionView(
        view_box=f"0 0 {MAP_WIDTH} {MAP_HEIGHT}",
        dots=dots,
        statements=points,
        groups=[
            GroupView(
                id=g.id,
                style=styles[g.id],
                size=g.size,
                representative=[line(s) for s in g.representative],
            )
            for g in sorted(result.groups, key=lambda g: g.id)
        ],
        consensus_agree=[line(s) for s in result.consensus.get("agree", [])],
        consensus_disagree=[line(s) for s in result.consensus.get("disagree", [])],
        divisive=[line(s) for s in result.divisive],
        clustered=len(result.participant_ids),
    )
