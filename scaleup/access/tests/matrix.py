"""The permission matrix: for every URL name, every role and method, the expected outcome.

Each app lists its URLs in `scaleup/<app>/tests/permissions.py` as `ROWS`; the test in
`test_permission_matrix.py` collects them, checks that every URL name of the URL conf has
a row (Django admin's URLs are generated from its registry), and requests each one as
each role of `scaleup.testing.world.ROLES`.

Outcomes: an HTTP status (200, 403, 404, 405, 429), `LOGIN` (302 to the sign-in page) or
`REDIRECT` (302 anywhere else, as after a successful POST). Rows of the REST API (`api=True`)
are requested with each role's API token instead of a session, and may also name PATCH
and DELETE. A URL name may have several
rows (`variant`), e.g. a published and a draft meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scaleup.testing.world import ROLES, World

LOGIN = "login"
REDIRECT = "redirect"
Outcome = int | str
Expected = dict[str, Outcome]


def everyone(outcome: Outcome) -> Expected:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome) -> Expected:
    return {**everyone(outcome), "anonymous": LOGIN}


def staff(outcome: Outcome, *, other_region: Outcome = 404) -> Expected:
    """Facilitators of the record's region, coordinators and site administrators.

    `other_region` is what Attica's facilitator gets: 404 for a Lubelskie record, or the
    same outcome as the others on pages that only list one's own region.
    """
    return {
        "anonymous": LOGIN,
        "outsider": 403,
        "member": 403,
        "other_member": 403,
        "facilitator": outcome,
        "other_facilitator": other_region,
        "coordinator": outcome,
        "site_admin": outcome,
    }


def group_members(outcome: Outcome) -> Expected:
    """Members of the record's group, and the staff of its region."""
    return {
        "anonymous": LOGIN,
        "outsider": 403,
        "member": outcome,
        "other_member": 404,
        "facilitator": outcome,
        "other_facilitator": 404,
        "coordinator": outcome,
        "site_admin": outcome,
    }


@dataclass
class Row:
    """One URL name. `kwargs(world)` gives the URL's arguments; `data(world)` a POST body."""

    url_name: str
    get: Expected | None = None
    post: Expected | None = None
    patch: Expected | None = None
    delete: Expected | None = None
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    query: str | Callable[[World], str] = ""  # a query string, or made from the world
    path: str = ""  # for a URL without a name: requested as is, in place of reversing
    variant: str = ""
    notes: str = ""
    #: A REST API address: requested with each role's API token and a JSON body.
    api: bool = False
    methods: dict[str, Expected] = field(init=False)

    def __post_init__(self) -> None:
        self.methods = {
            method: expected
            for method, expected in (
                ("GET", self.get),
                ("POST", self.post),
                ("PATCH", self.patch),
                ("DELETE", self.delete),
            )
            if expected is not None
        }
        if not self.methods:
            raise ValueError(f"{self.url_name}: give the expected outcome of some method")
        if not self.api and set(self.methods) - {"GET", "POST"}:
            raise ValueError(f"{self.url_name}: pages take GET and POST only")


def through_api(expected: Expected) -> Expected:
    """The same decision seen by an API client: no sign-in page, 401 without a token."""
    return {role: 401 if outcome == LOGIN else outcome for role, outcome in expected.items()}
