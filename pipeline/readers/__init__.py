"""One small reader per input format. Each returns a list of Records or raises UnreadableInput."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Where a Dutch reason quotes what a file holds, which may be personal data (pipeline.privacy codes it there): a
# sheet or column name between single quotes, and the column names listed by tables.answer_columns_of.
# A column name may hold a line break (a header cell with Alt+Enter): DOTALL, and the list ends at the reason's end.
QUOTED_CONTENT = re.compile(r"(?<![\w'])'.+?'(?!\w)|(?<=kolommen: ).+?(?=; kies de kolom|\Z)", re.DOTALL)


class UnreadableInput(Exception):
    """An input file that cannot be analysed; the message is the Dutch reason shown to the user."""


@dataclass
class Record:
    """One document's worth of text from an input file, with the metadata found beside it."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    row: int | None = None  # row number in a table (1 = first data row), None for whole files


class Records(list):
    """A reader's records plus Dutch notes for the inputs table (a skipped sheet, repaired rows)."""

    def __init__(self, records=(), notes=(), empty_rows=None):
        super().__init__(records)
        self.notes = [n for n in notes if n]
        self.empty_rows = dict(empty_rows or {})  # {answer column: rows left out as empty}
