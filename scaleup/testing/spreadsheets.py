"""Reading a downloaded XLSX back in tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def xlsx_rows(response: Any) -> list[list[Any]]:
    """The first sheet's rows of an XLSX response (streamed or not)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet: Any = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
