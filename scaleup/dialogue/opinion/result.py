"""What a recompute returns, and its JSON form for snapshots.

`as_dict` holds only ints, floats, strings, lists and dicts with string keys, so it survives
`json.dumps`/`json.loads` and `from_dict` rebuilds an equal object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .clusters import KSmoother

Direction = Literal["agree", "disagree", "divisive"]


@dataclass(frozen=True)
class StatementStat:
    """One statement's figures in a list (representative, consensus or divisive).

    `p` and `p_test` are pa/pat (or pd/pdt for "disagree"); `ratio`/`ratio_test` are ra/rat
    (rd/rdt) against the other groups, 0 where there is no comparison; `metric` is what the
    list is ranked by. `by_group` gives each group's net agreement, for divisive statements.
    """

    statement_id: int
    direction: Direction
    n_agree: int
    n_disagree: int
    n_seen: int
    p: float
    p_test: float
    ratio: float = 0.0
    ratio_test: float = 0.0
    metric: float = 0.0
    by_group: dict[int, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "statement_id": self.statement_id,
            "direction": self.direction,
            "n_agree": self.n_agree,
            "n_disagree": self.n_disagree,
            "n_seen": self.n_seen,
            "p": self.p,
            "p_test": self.p_test,
            "ratio": self.ratio,
            "ratio_test": self.ratio_test,
            "metric": self.metric,
            "by_group": [[g, v] for g, v in self.by_group.items()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StatementStat:
        return cls(
            statement_id=int(data["statement_id"]),
            direction=data["direction"],
            n_agree=int(data["n_agree"]),
            n_disagree=int(data["n_disagree"]),
            n_seen=int(data["n_seen"]),
            p=float(data["p"]),
            p_test=float(data["p_test"]),
            ratio=float(data.get("ratio", 0.0)),
            ratio_test=float(data.get("ratio_test", 0.0)),
            metric=float(data.get("metric", 0.0)),
            by_group={int(g): float(v) for g, v in data.get("by_group", [])},
        )


@dataclass(frozen=True)
class GroupSummary:
    """An opinion group: stable id, members, centre on the map, representative statements."""

    id: int
    size: int
    center: tuple[float, float]
    representative: list[StatementStat]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": self.size,
            "center": list(self.center),
            "representative": [s.as_dict() for s in self.representative],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupSummary:
        cx, cy = data["center"]
        return cls(
            id=int(data["id"]),
            size=int(data["size"]),
            center=(float(cx), float(cy)),
            representative=[StatementStat.from_dict(s) for s in data["representative"]],
        )


@dataclass
class OpinionResult:
    """The opinion map of one recompute (see /work/notes/opinion-contract.md).

    Beyond the contract: vote/participant/statement counts, the k that was published and the
    best k of this run, silhouettes per k, the k-smoother state to pass to the next recompute
    (`compute(previous=...)`), and the seed.
    """

    participant_ids: list[int]
    coordinates: dict[int, tuple[float, float]]
    group_of: dict[int, int]
    groups: list[GroupSummary]
    consensus: dict[str, list[StatementStat]]
    divisive: list[StatementStat]
    group_informed_consensus: dict[int, float]
    statement_priorities: dict[int, float]
    statement_coordinates: dict[int, tuple[float, float]]
    n_participants: int = 0
    n_statements: int = 0
    n_votes: int = 0
    k: int = 0
    best_k: int = 0
    silhouettes: dict[int, float] = field(default_factory=dict)
    smoother: KSmoother = field(default_factory=KSmoother)
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form; id-keyed maps become lists of records."""
        return {
            "participants": [
                {
                    "id": pid,
                    "x": self.coordinates[pid][0],
                    "y": self.coordinates[pid][1],
                    "group": self.group_of[pid],
                }
                for pid in self.participant_ids
            ],
            "groups": [g.as_dict() for g in self.groups],
            "consensus": {k: [s.as_dict() for s in v] for k, v in self.consensus.items()},
            "divisive": [s.as_dict() for s in self.divisive],
            "statements": [
                {
                    "id": sid,
                    "gic": self.group_informed_consensus.get(sid, 0.0),
                    "priority": prio,
                    "x": self.statement_coordinates.get(sid, (0.0, 0.0))[0],
                    "y": self.statement_coordinates.get(sid, (0.0, 0.0))[1],
                }
                for sid, prio in self.statement_priorities.items()
            ],
            "n_participants": self.n_participants,
            "n_statements": self.n_statements,
            "n_votes": self.n_votes,
            "k": self.k,
            "best_k": self.best_k,
            "silhouettes": [[k, v] for k, v in self.silhouettes.items()],
            "smoother": {
                "smoothed_k": self.smoother.smoothed_k,
                "last_k": self.smoother.last_k,
                "last_k_count": self.smoother.last_k_count,
            },
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OpinionResult:
        """Inverse of `as_dict`."""
        people = data["participants"]
        statements = data["statements"]
        sm = data.get("smoother") or {}
        return cls(
            participant_ids=[int(p["id"]) for p in people],
            coordinates={int(p["id"]): (float(p["x"]), float(p["y"])) for p in people},
            group_of={int(p["id"]): int(p["group"]) for p in people},
            groups=[GroupSummary.from_dict(g) for g in data["groups"]],
            consensus={
                k: [StatementStat.from_dict(s) for s in v] for k, v in data["consensus"].items()
            },
            divisive=[StatementStat.from_dict(s) for s in data["divisive"]],
            group_informed_consensus={int(s["id"]): float(s["gic"]) for s in statements},
            statement_priorities={int(s["id"]): float(s["priority"]) for s in statements},
            statement_coordinates={
                int(s["id"]): (float(s["x"]), float(s["y"])) for s in statements
            },
            n_participants=int(data.get("n_participants", 0)),
            n_statements=int(data.get("n_statements", 0)),
            n_votes=int(data.get("n_votes", 0)),
            k=int(data.get("k", 0)),
            best_k=int(data.get("best_k", 0)),
            silhouettes={int(k): float(v) for k, v in data.get("silhouettes", [])},
            smoother=KSmoother(
                sm.get("smoothed_k"), sm.get("last_k"), int(sm.get("last_k_count", 0))
            ),
            seed=int(data.get("seed", 0)),
        )
