"""Excel workbooks (.xlsx) as poll exports: every sheet with an answer column is read as a table
(pipeline.readers.tables), merged cells split, formulas without a computed value named; sheets without answers
are listed with a note.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from pipeline.readers import Record, Records, UnreadableInput
from pipeline.readers.formulas import formula_note, formula_rows
from pipeline.readers.office import check_zip_container
from pipeline.readers.tables import (HEADER_SEARCH_ROWS, NoAnswerColumn, empty_answers_note, first_column,
                                     promote_header, records_from_table)

_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b")


def read_xlsx(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
              answer_column: str | list[str] | None = None, respondent_column: str | None = None,
              max_rows: int, max_unpacked_mb: float) -> list[Record]:
    """Read every sheet of an Excel workbook that has an answer column; list the sheets that have none."""
    sheets = read_sheets(path, max_rows=max_rows, max_unpacked_mb=max_unpacked_mb)
    records, problems, notes = [], [], []
    for name, raw in sheets.items():
        frame = promote_header(raw.fillna(""), wanted=first_column(answer_column), candidates=answer_columns)
        try:
            found = records_from_table(frame, answer_columns=answer_columns, respondent_columns=respondent_columns,
                                       answer_column=answer_column, respondent_column=respondent_column,
                                       max_rows=max_rows)
        except UnreadableInput as error:
            problems.append((str(name), error))
            continue
        for record in found:
            record.meta["blad"] = str(name)
            if len(sheets) > 1 and record.meta["respondent"] == f"rij-{record.row}":
                record.meta["respondent"] = f"{name}-rij-{record.row}"  # unique across sheets
        records.extend(found)
        found.notes = with_formula_notes(found, path=path, sheet=str(name), frame=frame)
        notes.extend(f"blad '{name}': {n}" if len(sheets) > 1 else n for n in found.notes)
    if not records:
        raise UnreadableInput("; ".join(f"blad '{name}': {error}" for name, error in problems)
                              or "werkmap bevat geen werkbladen")
    return Records(records, notes=[*notes, *skipped_sheet_notes(problems, answered=[r.meta["blad"] for r in records])])


def with_formula_notes(found: Records, *, path: Path, sheet: str, frame: pd.DataFrame) -> list[str]:
    """The notes of a sheet, where answers left out as empty that are formulas without a computed value
    are said to be so (they are not empty: Excel has not yet calculated them)."""
    notes = list(found.notes)
    for column, rows in found.empty_rows.items():
        if not rows or "header_row" not in frame.attrs:
            continue
        formulas = formula_rows(path, sheet=sheet, header_row=frame.attrs["header_row"],
                                column=list(frame.columns).index(column) + 1, rows=rows)
        if formulas:
            rest = [n for n in rows if n not in formulas]
            at = notes.index(empty_answers_note(rows, column=str(column)))
            notes[at:at + 1] = [n for n in (empty_answers_note(rest, column=str(column)),
                                            formula_note(formulas, column=str(column))) if n]
    return notes


def skipped_sheet_notes(problems: list[tuple[str, UnreadableInput]], *, answered: list[str]) -> list[str]:
    """Dutch notes on the sheets not read, when others gave answers. A sheet without an answer column (a title
    or explanation sheet) needs nothing from the user; a sheet that failed otherwise (empty answers, too
    many rows) does, and keeps its 'overgeslagen' reason."""
    sources = list(dict.fromkeys(answered))
    where = f"blad '{sources[0]}'" if len(sources) == 1 else "de bladen " + ", ".join(f"'{s}'" for s in sources)
    return [f"blad '{name}' heeft geen antwoordkolom en is niet gelezen; de antwoorden komen uit {where}"
            if isinstance(error, NoAnswerColumn) else f"overgeslagen: blad '{name}': {error}"
            for name, error in problems]


def read_sheets(path: Path, *, max_rows: int, max_unpacked_mb: float) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook as text cells without header ({name: frame}); UnreadableInput when broken."""
    check_zip_container(path, max_unpacked_mb=max_unpacked_mb)
    try:
        source = open_merged_workbook(path) if has_merged_cells(path) else path
        return pd.read_excel(source, sheet_name=None, dtype=str, header=None,
                             nrows=max_rows + HEADER_SEARCH_ROWS + 1, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for broken files
        raise UnreadableInput(f"Excel-bestand is beschadigd en kan niet worden gelezen "
                              f"({type(error).__name__})") from None


def has_merged_cells(path: Path) -> bool:
    """Whether any sheet of the workbook merges cells; a byte search, so large sheets without merges stay fast."""
    with zipfile.ZipFile(path) as archive:
        return any(_MERGE_TAG.search(archive.read(info)) for info in archive.infolist()
                   if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"))


def open_merged_workbook(path: Path):
    """The workbook with every merged range split up: each row of a range that has values of its own gets the
    range's value, in the range's first column (D5:D6 'Zwijndrecht' is Zwijndrecht on both rows). Columns a range spans stay empty, so an answer
    merged across the next column does not become that column's metadata. Slower than pandas' read-only mode,
    which cannot see merged ranges; only used when there are merges."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    for sheet in workbook.worksheets:
        for cells in list(sheet.merged_cells.ranges):
            value = sheet.cell(cells.min_row, cells.min_col).value
            sheet.unmerge_cells(cells.coord)
            for row in range(cells.min_row + 1, cells.max_row + 1):
                if _has_own_values(sheet, row, skip=range(cells.min_col, cells.max_col + 1)):
                    sheet.cell(row, cells.min_col).value = value
    return workbook


def _has_own_values(sheet, row: int, *, skip: range) -> bool:
    """Whether a row has a value outside the merged columns: a cell merged down over an empty row (layout)
    must not turn that row into an answer of a respondent that does not exist."""
    return any(sheet.cell(row, column).value not in (None, "") for column in range(1, sheet.max_column + 1)
               if column not in skip)
