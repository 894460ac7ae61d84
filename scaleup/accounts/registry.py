"""What apps above accounts add to the 'My account' page.

accounts sits below stakeholders in the dependency order, so it cannot read groups itself.
An app registers in its `AppConfig.ready()`:

- `register_group_names(func)`: `func(group_ids)` returns `{id: name}` so a member's role
  can say in which groups it applies;
- `register_section(AccountSection(...))`: a block of the page (the groups one belongs to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GroupNames = Callable[[frozenset[int]], Mapping[int, str]]


@dataclass(frozen=True)
class AccountSection:
    """`context(user)` returns the template's context, or None to leave the section out."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_group_names: list[GroupNames] = []
_sections: dict[str, AccountSection] = {}


def register_group_names(func: GroupNames) -> None:
    if func not in _group_names:
        _group_names.append(func)


def group_names(group_ids: Iterable[int]) -> dict[int, str]:
    ids = frozenset(group_ids)
    names: dict[int, str] = {}
    if not ids:
        return names
    for func in _group_names:
        names.update(func(ids))
    return names


def register_section(section: AccountSection) -> None:
    _sections[section.key] = section


def sections() -> list[AccountSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
