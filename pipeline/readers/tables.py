"""Poll and survey exports (.csv, .xlsx): one answer per row, metadata from other columns."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from pathlib import Path

import pandas as pd

from pipeline.readers import Record, Records, UnreadableInput
from pipeline.readers.office import check_zip_container
from pipeline.readers.text import decode_bytes

# Columns copied into document metadata when a table has them (lower-cased header -> field).
META_COLUMNS = {
    "rol": "rol", "functie": "rol", "gemeente": "gemeente", "bijeenkomst": "bijeenkomst",
    "datum": "datum", "vraag": "vraag", "soort": "soort",
}
DELIMITERS = [";", ",", "\t", "|"]
# Exports often put a title and a blank line above the header: look this far down for it.
HEADER_SEARCH_ROWS = 10
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b")


def read_csv(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
             answer_column: str | None = None, respondent_column: str | None = None,
             max_rows: int) -> list[Record]:
    """Read a CSV export whatever its encoding and delimiter (semicolon, comma, tab, bar).

    The delimiter is the one whose header has an answer column. Rows with too many fields (an unquoted
    delimiter inside an answer) are repaired by joining the extra fields into the answer; an unclosed
    quote is read as a literal quote character.
    """
    text, _ = decode_bytes(path.read_bytes())
    wanted = dict(wanted=answer_column, candidates=answer_columns)
    delimiter, header = choose_delimiter(text, **wanted)
    answer_index = None if header is None else header.index(find_column(header, **wanted))
    frame, notes = _parse_csv(text, delimiter=delimiter, answer_index=answer_index, max_rows=max_rows)
    records = records_from_table(frame, answer_columns=answer_columns, respondent_columns=respondent_columns,
                                 answer_column=answer_column, respondent_column=respondent_column, max_rows=max_rows)
    return Records(records, notes=[*notes, *records.notes])


def read_text_columns(path: Path, *, candidates: list[str]) -> pd.DataFrame:
    """A small CSV (labelled paragraphs, a filled-in review file) as text columns with stripped, lower-case
    names, decoded and split as an answers CSV is (so also as Dutch Excel saves it: Windows-1252, ';', BOM).
    `candidates`: column names that help recognise the separator. pandas' ParserError and EmptyDataError, and
    UnreadableInput, are left to the caller to put in its own words."""
    text, _ = decode_bytes(Path(path).read_bytes())
    separator, _ = choose_delimiter(text, wanted=None, candidates=candidates)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator)
    frame.columns = [str(column).strip().strip('"').strip().lower() for column in frame.columns]  # ' Themes'
    return frame


def choose_delimiter(text: str, *, wanted: str | None, candidates: list[str]) -> tuple[str, list[str] | None]:
    """(delimiter, header fields) for the first delimiter whose header names an answer column."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        sniffed = [csv.Sniffer().sniff(text[:20000], delimiters="".join(DELIMITERS)).delimiter]
    except csv.Error:
        sniffed = []
    order = sorted(DELIMITERS, key=first_line.count, reverse=True)
    for delimiter in dict.fromkeys([*sniffed, *order]):
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        if find_column(header, wanted=wanted, candidates=candidates) is not None:
            return delimiter, header
    return (sniffed or order)[0], None


def _parse_csv(text: str, *, delimiter: str, answer_index: int | None, max_rows: int) -> tuple[pd.DataFrame, list[str]]:
    """Parse with the csv module (pandas silently drops or shifts malformed rows); (frame, Dutch notes)."""
    # Quotes come in pairs in a valid file; an odd number means one was never closed, which would
    # otherwise swallow the rest of the file into one field.
    broken_quotes = text.count('"') % 2 == 1
    reader = csv.reader(io.StringIO(text), delimiter=delimiter,
                        quoting=csv.QUOTE_NONE if broken_quotes else csv.QUOTE_MINIMAL)
    try:
        rows = [row for row in itertools.islice((r for r in reader if any(c.strip() for c in r)), max_rows + 2)]
    except csv.Error:
        raise UnreadableInput("csv kan niet worden gelezen: de regels hebben geen vaste indeling "
                              "(controleer scheidingsteken en aanhalingstekens)") from None
    if not rows:
        raise UnreadableInput("csv bevat geen kopregel met kolomnamen")
    header, body = [c.strip().strip('"') for c in rows[0]], rows[1:]
    width, repaired = len(header), 0
    for i, row in enumerate(body):
        if len(row) > width and answer_index is not None:
            extra = len(row) - width
            row = [*row[:answer_index], delimiter.join(row[answer_index:answer_index + extra + 1]),
                   *row[answer_index + extra + 1:]]
            repaired += 1
        body[i] = [c.strip('"') for c in row[:width]] if broken_quotes else row[:width]
        body[i] += [""] * (width - len(body[i]))
    notes = [f"{repaired} rij(en) met te veel velden hersteld (scheidingsteken in het antwoord)" if repaired else "",
             "een aanhalingsteken wordt niet gesloten; aanhalingstekens als gewone tekens gelezen" if broken_quotes
             else ""]
    return pd.DataFrame(body, columns=header, dtype=str), notes


def read_xlsx(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
              answer_column: str | None = None, respondent_column: str | None = None,
              max_rows: int, max_unpacked_mb: float) -> list[Record]:
    """Read every sheet of an Excel workbook that has an answer column; list the sheets that have none."""
    check_zip_container(path, max_unpacked_mb=max_unpacked_mb)
    try:
        source = open_merged_workbook(path) if has_merged_cells(path) else path
        sheets = pd.read_excel(source, sheet_name=None, dtype=str, header=None,
                               nrows=max_rows + HEADER_SEARCH_ROWS + 1, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for broken files
        raise UnreadableInput(f"Excel-bestand is beschadigd en kan niet worden gelezen "
                              f"({type(error).__name__})") from None
    records, problems, notes = [], [], []
    for name, raw in sheets.items():
        frame = promote_header(raw.fillna(""), wanted=answer_column, candidates=answer_columns)
        try:
            found = records_from_table(frame, answer_columns=answer_columns, respondent_columns=respondent_columns,
                                       answer_column=answer_column, respondent_column=respondent_column,
                                       max_rows=max_rows)
        except UnreadableInput as error:
            problems.append(f"blad '{name}': {error}")
            continue
        for record in found:
            record.meta["blad"] = str(name)
            if len(sheets) > 1 and record.meta["respondent"] == f"rij-{record.row}":
                record.meta["respondent"] = f"{name}-rij-{record.row}"  # unique across sheets
        records.extend(found)
        notes.extend(f"blad '{name}': {n}" if len(sheets) > 1 else n for n in found.notes)
    if not records:
        raise UnreadableInput("; ".join(problems) or "werkmap bevat geen werkbladen")
    return Records(records, notes=[*notes, *(f"overgeslagen: {p}" for p in problems)])


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


def promote_header(frame: pd.DataFrame, *, wanted: str | None, candidates: list[str]) -> pd.DataFrame:
    """Use the first of the top rows that names an answer column as header (row 1 when none does)."""
    for i in range(min(HEADER_SEARCH_ROWS, len(frame))):
        header = [str(v).strip() for v in frame.iloc[i]]
        if find_column(header, wanted=wanted, candidates=candidates) is not None:
            break
    else:
        i = 0
    if frame.empty:
        return frame
    header = [str(v).strip() or f"kolom {n + 1}" for n, v in enumerate(frame.iloc[i])]
    body = frame.iloc[i + 1:].reset_index(drop=True)
    body.columns = header
    return body


def find_column(columns: list[str], *, wanted: str | None, candidates: list[str]) -> str | None:
    """The column named `wanted`, else the first of `candidates` present (case-insensitive)."""
    lowered = {str(c).strip().lower(): c for c in columns}
    if wanted:
        return lowered.get(wanted.strip().lower())
    return next((lowered[c.lower()] for c in candidates if c.lower() in lowered), None)


def records_from_table(frame: pd.DataFrame, *, answer_columns: list[str], respondent_columns: list[str],
                       answer_column: str | None, respondent_column: str | None,
                       max_rows: int) -> Records:
    """One Record per non-empty answer; metadata columns and respondent id travel along.

    Rows with other cells filled in but no answer are left out and listed in the notes."""
    if len(frame) > max_rows:
        raise UnreadableInput(f"meer dan {max_rows} rijen; grens: ingest.max_rows")
    frame = frame.loc[:, ~pd.Index(frame.columns).duplicated()]
    answer = find_column(list(frame.columns), wanted=answer_column, candidates=answer_columns)
    if answer is None:
        wanted = answer_column or " / ".join(answer_columns)
        raise UnreadableInput(f"geen antwoordkolom gevonden (gezocht: {wanted}); "
                              f"kolommen: {', '.join(map(str, frame.columns)) or 'geen'}")
    respondent = find_column(list(frame.columns), wanted=respondent_column, candidates=respondent_columns)
    meta_cols = {col: META_COLUMNS[str(col).strip().lower()] for col in frame.columns
                 if str(col).strip().lower() in META_COLUMNS}
    records, empty = [], []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        text = str(row[answer]).strip()
        if not text:
            if any(str(value).strip() for value in row.values()):  # a blank line in a sheet is no answer
                empty.append(number)
            continue
        meta = {field: str(row[col]).strip() for col, field in meta_cols.items() if str(row[col]).strip()}
        given = str(row[respondent]).strip() if respondent else ""
        meta["respondent"] = given or f"rij-{number}"
        records.append(Record(text=text, meta=meta, row=number))
    if not records:
        raise UnreadableInput(f"geen antwoorden: de kolom '{answer}' is leeg")
    return Records(records, notes=[empty_answers_note(empty, column=str(answer))])


def empty_answers_note(rows: list[int], *, column: str, shown: int = 10) -> str:
    """A Dutch note on rows left out because their answer is empty ('' when there are none)."""
    if not rows:
        return ""
    numbers = ", ".join(map(str, rows[:shown])) + (", ..." if len(rows) > shown else "")
    rows_word = "rij" if len(rows) == 1 else "rijen"
    return (f"{len(rows)} {rows_word} zonder antwoord niet meegeteld (kolom '{column}' leeg): rij {numbers}, "
            "geteld vanaf de eerste rij onder de kolomnamen")
