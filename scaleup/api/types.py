"""Constrained types for what the API reads from requests, in the OpenAPI document too.

Ids stay within the databases' 64-bit integers (SQLite raises on larger ones where Django
does not guard the lookup), text holds no NUL character (PostgreSQL refuses it), and a
moment is taken in UTC (PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Path
from pydantic import AfterValidator, Field, StringConstraints

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
SlugPath = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)]


def _in_utc(moment: dt.datetime) -> dt.datetime:
    """A moment without an offset is read as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the moment is outside the years 1 to 9999 in UTC") from None


Moment = Annotated[dt.datetime, AfterValidator(_in_utc)]
