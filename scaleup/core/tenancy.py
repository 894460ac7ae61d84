"""Where a record sits among the tenants of one instance.

One instance serves one project; each partner region is a tenant with its own stakeholder
groups. Models that belong to a region expose an `access_scope` property returning a
`Scope`; the permission layer (`scaleup.access`) and the audit log read it. It lives in core
so that every app can describe its records without importing the permission layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scope:
    """A record's partner region and, below it, its stakeholder group.

    A scope with neither is project-wide (for example a news post of the whole project).
    """

    partner_id: int | None = None
    group_id: int | None = None

    @property
    def is_project_wide(self) -> bool:
        return self.partner_id is None


PROJECT_WIDE = Scope()


def scope_of(target: Any) -> Scope | None:
    """The target's scope, or None for records outside the tenant tree (reference data)."""
    if isinstance(target, Scope):
        return target
    scope = getattr(target, "access_scope", None)
    return scope if isinstance(scope, Scope) else None
