"""Text cells that a spreadsheet program must show as text, not run as formulas.

Names and notes come from public forms and imports; a cell starting with one of
`FORMULA_TRIGGERS` would be evaluated by Excel or LibreOffice (CSV injection), so exports
put an apostrophe in front, and imports take it off again so that files round-trip.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def defuse_formula(text: str) -> str:
    return FORMULA_ESCAPE + text if text.startswith(FORMULA_TRIGGERS) else text
