"""Poll and survey exports (.csv, .xlsx): one answer per row, metadata from other columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from pipeline.readers import Record, UnreadableInput
from pipeline.readers.office import check_zip_container
from pipeline.readers.text import decode_bytes

# Columns copied into document metadata when a table has them (lower-cased header -> field).
META_COLUMNS = {
    "rol": "rol", "functie": "rol", "gemeente": "gemeente", "bijeenkomst": "bijeenkomst",
    "datum": "datum", "vraag": "vraag", "soort": "soort",
}


def read_csv(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
             answer_column: str | None = None, respondent_column: str | None = None,
             max_rows: int) -> list[Record]:
    """Read a CSV export whatever its encoding and delimiter (comma, semicolon, tab)."""
    text, _ = decode_bytes(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            nrows=max_rows + 1, engine="python", on_bad_lines="skip")
    except (pd.errors.ParserError, ValueError) as error:
        raise UnreadableInput(f"csv kan niet worden gelezen: {error}") from None
    return records_from_table(frame, answer_columns=answer_columns, respondent_columns=respondent_columns,
                              answer_column=answer_column, respondent_column=respondent_column,
                              max_rows=max_rows)


def read_xlsx(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
              answer_column: str | None = None, respondent_column: str | None = None,
              max_rows: int, max_unpacked_mb: float) -> list[Record]:
    """Read the first sheet of an Excel workbook that has an answer column."""
    check_zip_container(path, max_unpacked_mb=max_unpacked_mb)
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, nrows=max_rows + 1, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for broken files
        raise UnreadableInput(f"Excel-bestand kan niet worden gelezen ({type(error).__name__})") from None
    problems = []
    for name, frame in sheets.items():
        try:
            records = records_from_table(frame.fillna(""), answer_columns=answer_columns,
                                         respondent_columns=respondent_columns, answer_column=answer_column,
                                         respondent_column=respondent_column, max_rows=max_rows)
        except UnreadableInput as error:
            problems.append(f"blad '{name}': {error}")
            continue
        for record in records:
            record.meta["blad"] = name
        return records
    raise UnreadableInput("; ".join(problems) or "werkmap bevat geen werkbladen")


def find_column(columns: list[str], *, wanted: str | None, candidates: list[str]) -> str | None:
    """The column named `wanted`, else the first of `candidates` present (case-insensitive)."""
    lowered = {str(c).strip().lower(): c for c in columns}
    if wanted:
        return lowered.get(wanted.strip().lower())
    return next((lowered[c.lower()] for c in candidates if c.lower() in lowered), None)


def records_from_table(frame: pd.DataFrame, *, answer_columns: list[str], respondent_columns: list[str],
                       answer_column: str | None, respondent_column: str | None,
                       max_rows: int) -> list[Record]:
    """One Record per non-empty answer; metadata columns and respondent id travel along."""
    if len(frame) > max_rows:
        raise UnreadableInput(f"meer dan {max_rows} rijen; grens: ingest.max_rows")
    answer = find_column(list(frame.columns), wanted=answer_column, candidates=answer_columns)
    if answer is None:
        wanted = answer_column or " / ".join(answer_columns)
        raise UnreadableInput(f"geen antwoordkolom gevonden (gezocht: {wanted}); "
                              f"kolommen: {', '.join(map(str, frame.columns))}")
    respondent = find_column(list(frame.columns), wanted=respondent_column, candidates=respondent_columns)
    meta_cols = {col: META_COLUMNS[str(col).strip().lower()] for col in frame.columns
                 if str(col).strip().lower() in META_COLUMNS}
    records = []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        text = str(row[answer]).strip()
        if not text:
            continue
        meta = {field: str(row[col]).strip() for col, field in meta_cols.items() if str(row[col]).strip()}
        meta["respondent"] = str(row[respondent]).strip() if respondent else f"rij-{number}"
        records.append(Record(text=text, meta=meta, row=number))
    return records
