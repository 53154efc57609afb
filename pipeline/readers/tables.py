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
from pipeline.readers.formulas import formula_note, formula_rows
from pipeline.readers.office import check_zip_container
from pipeline.readers.submissions import (TIMESTAMP_COLUMNS, double_submissions_note, find_submissions,
                                          possible_doubles_note)
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


class NoAnswerColumn(UnreadableInput):
    """A table without an answer column: in a workbook whose other sheets have answers, no fault."""


def read_csv(path: Path, *, answer_columns: list[str], respondent_columns: list[str],
             answer_column: str | list[str] | None = None, respondent_column: str | None = None,
             max_rows: int, delimiter: str | None = None) -> list[Record]:
    """Read a CSV export whatever its encoding and delimiter (semicolon, comma, tab, bar).

    The delimiter is `delimiter` when given, else the one whose header has an answer column. Rows with too many fields (an unquoted
    delimiter inside an answer) are repaired by joining the extra fields into the answer; with a list of
    answer columns it cannot be known which answer they belong to, so such rows are left out and listed. An
    unclosed quote is read as a literal quote character.
    """
    text, _ = decode_bytes(path.read_bytes())
    wanted = dict(wanted=first_column(answer_column), candidates=answer_columns)
    delimiter, header = (given_delimiter(text, delimiter=delimiter, **wanted) if delimiter
                         else choose_delimiter(text, **wanted))
    answer_index = (None if header is None or isinstance(answer_column, list)
                    else header.index(find_column(header, **wanted)))
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


def given_delimiter(text: str, *, delimiter: str, wanted: str | None,
                    candidates: list[str]) -> tuple[str, list[str] | None]:
    """(delimiter, header fields) as choose_delimiter returns them, for a known delimiter."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    return delimiter, header if find_column(header, wanted=wanted, candidates=candidates) is not None else None


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
    width, repaired, unreadable = len(header), 0, []
    for i, row in enumerate(body):
        while len(row) > width and not row[-1].strip():  # a separator at the end of a line adds no field
            row = row[:-1]
        if len(row) > width and answer_index is not None:
            row, repaired = join_extra_fields(row, width=width, at=answer_index, delimiter=delimiter), repaired + 1
        elif len(row) > width:  # keeps its row number, so later rows keep theirs (and their document ids)
            row, unreadable = [""] * width, [*unreadable, i + 1]
        body[i] = [c.strip('"') for c in row[:width]] if broken_quotes else row[:width]
        body[i] += [""] * (width - len(body[i]))
    notes = [f"{repaired} rij(en) met te veel velden hersteld (scheidingsteken in het antwoord)" if repaired else "",
             too_many_fields_note(unreadable),
             "een aanhalingsteken wordt niet gesloten; aanhalingstekens als gewone tekens gelezen" if broken_quotes
             else ""]
    return pd.DataFrame(body, columns=header, dtype=str), notes


def join_extra_fields(row: list[str], *, width: int, at: int, delimiter: str) -> list[str]:
    """A row with too many fields repaired: the extra fields joined, with their delimiter, into field `at`."""
    extra = len(row) - width
    return [*row[:at], delimiter.join(row[at:at + extra + 1]), *row[at + extra + 1:]]


def too_many_fields_note(rows: list[int], *, shown: int = 10) -> str:
    """A Dutch note on rows left out because they have more fields than the header ('' when there are none)."""
    if not rows:
        return ""
    numbers = ", ".join(map(str, rows[:shown])) + (", ..." if len(rows) > shown else "")
    return (f"{len(rows)} rij(en) met te veel velden niet gelezen (een scheidingsteken in een antwoord? bij "
            f"meerdere antwoordkolommen is niet te zeggen bij welk antwoord het hoort): rij {numbers}; zet zulke "
            "antwoorden tussen aanhalingstekens of sla het bestand op met een ander scheidingsteken")


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


def promote_header(frame: pd.DataFrame, *, wanted: str | None, candidates: list[str]) -> pd.DataFrame:
    """Use the first of the top rows that names an answer column as header; when none does, the first that
    looks like a header (row 1 when none does)."""
    top = [[str(v).strip() for v in frame.iloc[i]] for i in range(min(HEADER_SEARCH_ROWS, len(frame)))]
    i = next((i for i, header in enumerate(top) if find_column(header, wanted=wanted, candidates=candidates)),
             None)
    if i is None:  # no answer column: still report the real header, not the export's title row above it
        i = next((i for i, header in enumerate(top) if looks_like_header(header, candidates=candidates)), 0)
    if frame.empty:
        return frame
    header = [str(v).strip() or f"kolom {n + 1}" for n, v in enumerate(frame.iloc[i])]
    body = frame.iloc[i + 1:].reset_index(drop=True)
    body.columns = header
    body.attrs["header_row"] = i + 1  # in the sheet, 1-based: to find a cell again (readers.formulas)
    return body


def looks_like_header(cells: list[str], *, candidates: list[str]) -> bool:
    """A row of column names: two or more filled cells, one of them a known column name or a question."""
    filled = [c for c in cells if c]
    known = {*(c.lower() for c in candidates), *TIMESTAMP_COLUMNS, *META_COLUMNS, "id", "respondent"}
    return len(filled) >= 2 and any(c.lower() in known or c.endswith("?") for c in filled)


def first_column(answer_column: str | list[str] | None) -> str | None:
    """The (first) configured answer column, which finds the header row."""
    return answer_column[0] if isinstance(answer_column, list) else answer_column


def find_column(columns: list[str], *, wanted: str | None, candidates: list[str]) -> str | None:
    """The column named `wanted`, else the first of `candidates` present (case-insensitive)."""
    lowered = {str(c).strip().lower(): c for c in columns}
    if wanted:
        return lowered.get(wanted.strip().lower())
    return next((lowered[c.lower()] for c in candidates if c.lower() in lowered), None)


def records_from_table(frame: pd.DataFrame, *, answer_columns: list[str], respondent_columns: list[str],
                       answer_column: str | list[str] | None, respondent_column: str | None,
                       max_rows: int) -> Records:
    """One Record per non-empty answer; metadata columns and respondent id travel along. With a list of
    answer columns each answer cell is a Record, its column header in meta['kolom'].

    Rows with other cells filled in but no answer are left out and listed in the notes, and so are double
    submissions; possible double submissions are only listed (see submissions.find_submissions)."""
    if len(frame) > max_rows:
        raise UnreadableInput(f"meer dan {max_rows} rijen; grens: ingest.max_rows")
    frame = frame.loc[:, ~pd.Index(frame.columns).duplicated()].reset_index(drop=True)
    answers = answer_columns_of(list(frame.columns), wanted=answer_column, candidates=answer_columns)
    respondent = find_column(list(frame.columns), wanted=respondent_column, candidates=respondent_columns)
    doubles, possible = find_submissions(frame, respondent=respondent)
    kept = frame.drop(index=frame.index[[number - 1 for number in doubles]])
    # only a list of columns tags its answers: a single column, even one chosen by name, keeps its document ids
    records, empty = table_records(kept, answers=answers, respondent=respondent,
                                   tagged=isinstance(answer_column, list))
    if not records:
        raise UnreadableInput(f"geen antwoorden: de kolom '{answers[0]}' is leeg" if len(answers) == 1 else
                              f"geen antwoorden: de kolommen {', '.join(map(repr, answers))} zijn leeg")
    notes = [empty_answers_note(rows, column=str(answer)) for answer, rows in empty.items()]
    return Records(records, notes=[*notes, double_submissions_note(doubles), possible_doubles_note(possible)],
                   empty_rows=empty)


def table_records(frame: pd.DataFrame, *, answers: list, respondent, tagged: bool) -> tuple[list[Record], dict]:
    """(Records of the answer cells, {answer column: numbers of rows with other cells but that answer empty});
    row numbers come from the frame's index (0 = first data row)."""
    meta_cols = {col: META_COLUMNS[str(col).strip().lower()] for col in frame.columns
                 if str(col).strip().lower() in META_COLUMNS}
    records, empty = [], {answer: [] for answer in answers}
    for number, row in zip(frame.index + 1, frame.to_dict("records")):
        meta = {field: str(row[col]).strip() for col, field in meta_cols.items() if str(row[col]).strip()}
        meta["respondent"] = (str(row[respondent]).strip() if respondent else "") or f"rij-{number}"
        for answer in answers:
            text = str(row[answer]).strip()
            if text:
                records.append(Record(text=text, meta=meta | ({"kolom": str(answer)} if tagged else {}),
                                      row=int(number)))
            elif any(str(value).strip() for value in row.values()):  # a blank line in a sheet is no answer
                empty[answer].append(int(number))
    return records, empty


def answer_columns_of(columns: list, *, wanted: str | list[str] | None, candidates: list[str]) -> list:
    """The answer column(s) of a table: each configured one, else the first of `candidates` present;
    UnreadableInput naming the columns there are and how to choose one."""
    chosen = [find_column(columns, wanted=w, candidates=candidates)
              for w in (wanted if isinstance(wanted, list) else [wanted])]
    if None not in chosen:
        return chosen
    missing = wanted[chosen.index(None)] if isinstance(wanted, list) else wanted
    searched = missing or " / ".join(candidates)
    raise NoAnswerColumn(
        f"geen antwoordkolom gevonden (gezocht: {searched}); kolommen: {', '.join(map(str, columns)) or 'geen'}; "
        'kies de kolom met de antwoorden in corpus.yaml, onder bestanden: bij dit bestand: antwoordkolom: '
        '"<exacte kop>" (bij ontmoeting wordle: --kolom "<exacte kop>")')


def empty_answers_note(rows: list[int], *, column: str, shown: int = 10) -> str:
    """A Dutch note on rows left out because their answer is empty ('' when there are none)."""
    if not rows:
        return ""
    numbers = ", ".join(map(str, rows[:shown])) + (", ..." if len(rows) > shown else "")
    rows_word = "rij" if len(rows) == 1 else "rijen"
    return (f"{len(rows)} {rows_word} zonder antwoord niet meegeteld (kolom '{column}' leeg): rij {numbers}, "
            "geteld vanaf de eerste rij onder de kolomnamen")
