from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scaleup.jobs.tests.factories import ScriptedKind, scripted_kind
from scaleup.testing.users import make_user


@pytest.fixture
def kind() -> Iterator[ScriptedKind]:
    with scripted_kind() as scripted:
        yield scripted


@pytest.fixture
def owner(db: None, kind: ScriptedKind) -> Any:
    user = make_user("ewa.eksport@example.org")
    kind.allowed.add(user.pk)
    return user
