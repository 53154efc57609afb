"""Poll and survey exports (.csv, .xlsx) as tables: one answer per row, metadata from other columns. The
workbook side (sheets, merged cells, formulas) is pipeline.readers.workbooks."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pandas as pd

from pipeline.readers import Record, Records, UnreadableInput
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
    delimiter, header = choose_delimiter(text, **wanted, given=delimiter)
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


def choose_delimiter(text: str, *, wanted: str | None, candidates: list[str],
                     given: str | None = None) -> tuple[str, list[str] | None]:
    """(delimiter, header fields) for the first delimiter whose header names an answer column (header None when
    none does); `given`: the only delimiter to try (a tab-separated .txt)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if given:
        order = [given]
    else:
        try:
            sniffed = [csv.Sniffer().sniff(text[:20000], delimiters="".join(DELIMITERS)).delimiter]
        except csv.Error:
            sniffed = []
        order = list(dict.fromkeys([*sniffed, *sorted(DELIMITERS, key=first_line.count, reverse=True)]))
    for delimiter in order:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        if find_column(header, wanted=wanted, candidates=candidates) is not None:
            return delimiter, header
    return order[0], None


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
                              "geen antwoorden: de kolommen " + ", ".join(f"'{a}'" for a in answers) + " zijn leeg")
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
