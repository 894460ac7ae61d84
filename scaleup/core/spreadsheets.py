"""Text cells that a spreadsheet program must show as text, not run as formulas, and lists
written as XLSX.

Names and notes come from public forms and imports; a cell starting with one of
`FORMULA_TRIGGERS` would be evaluated by Excel or LibreOffice (CSV injection), so exports
put an apostrophe in front, and imports take it off again so that files round-trip.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.http import FileResponse
from django.http.response import HttpResponseBase

from scaleup.core.xmltext import xml_text

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def defuse_formula(text: str) -> str:
    return FORMULA_ESCAPE + text if text.startswith(FORMULA_TRIGGERS) else text


def write_xlsx(
    out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str
) -> int:
    """Write a header and rows as one sheet of an XLSX workbook; returns the rows written.

    openpyxl's write-only mode streams rows to disk as they come, so a long list takes the
    memory of one row. Text is stored as text, never as a formula: a name starting with
    "=" stays a name, without the apostrophe a CSV needs.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    written = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                # Control characters (a pasted soft break) are not allowed in the XML.
                cell = WriteOnlyCell(sheet, value=xml_text(value))
                cell.data_type = "s"
            else:
                cell = WriteOnlyCell(sheet, value="" if value is None else value)
            cells.append(cell)
        sheet.append(cells)
        written += 1
    workbook.save(out)
    return written


def xlsx_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> HttpResponseBase:
    """A list as an XLSX download; the workbook is spooled to disk once it is large."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    write_xlsx(spool, header, rows, title=title)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
