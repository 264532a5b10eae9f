"""The web side of the one .xlsx writer (fazhi.export.xlsx): times in the installation's zone."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from fazhi.export.xlsx import Cell, Column, Sheet, workbook_bytes

__all__ = ["Cell", "Column", "Sheet", "workbook"]


def workbook(sheets: Sequence[Sheet], **props) -> bytes:
    """The .xlsx bytes of `sheets`, aware times shown in settings.TIME_ZONE."""
    return workbook_bytes(sheets, tz=timezone.get_current_timezone(), **props)
