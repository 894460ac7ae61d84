"""Pages of a list: `limit` and `offset`, with the count and links to the neighbours."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Far beyond any list here, and within every database's integer range.
MAX_OFFSET = 2**31 - 1


class Pages(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    class Output(Schema):
        count: int = Field(description="Items in the whole list.")
        next: str | None = Field(description="The next page, if there is one.")
        previous: str | None = Field(description="The previous page, if there is one.")
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        count = self._items_count(queryset)
        limit, offset = pagination.limit, pagination.offset
        return {
            "count": count,
            "next": _link(request, limit, offset + limit) if offset + limit < count else None,
            "previous": _link(request, limit, max(offset - limit, 0)) if offset > 0 else None,
            "items": list(queryset[offset : offset + limit]),
        }


def _link(request: HttpRequest, limit: int, offset: int) -> str:
    query: dict[str, str] = {
        key: str(value) for key, value in request.GET.items() if key not in ("limit", "offset")
    }
    query.update(limit=str(limit), offset=str(offset))
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
