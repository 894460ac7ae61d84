"""Constrained types for what the API reads from requests, in the OpenAPI document too.

Ids stay within the databases' 64-bit integers (SQLite raises on larger ones where Django
does not guard the lookup), and text holds no NUL character (PostgreSQL refuses it)."""

from __future__ import annotations

from typing import Annotated

from ninja import Path
from pydantic import Field, StringConstraints

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
SlugPath = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)]
