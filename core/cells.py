"""The one escape for text written into CSV and XLSX exports (self-assessment forms, reporting lists, subject
access exports): a cell a spreadsheet would run as a formula (OWASP "CSV injection": it starts with = + - @, a tab
or a carriage return) gets a leading apostrophe, so what a resident typed stays text in the reader's spreadsheet."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Dates and numbers as they are; text that a spreadsheet would take for a formula, made text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
