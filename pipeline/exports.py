"""Exports of a run for people who review and code further in their own tools: export/ in the run folder.

- review.xlsx / review.csv: every segment with suggested themes, to correct (see pipeline.review)
- project.qdpx: REFI-QDA project with the pseudonymised sources and the themes as codings
- kader.qdc: the framework alone as a REFI-QDA codebook

And tables/tabellen.xlsx: the report's tables/*.csv in one workbook, one sheet each, for Dutch Excel (which
opens a comma-separated UTF-8 file as one column with garbled accents). The CSVs stay as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from pipeline import qda_export, review

EXPORT_DIR = "export"
TABLES_WORKBOOK = "tabellen.xlsx"  # in tables/, next to the CSVs it copies
SHEET_NAME_MAX = 31  # Excel's limit


def write_exports(run_dir: Path, *, framework, name: str, created: dt.datetime) -> dict[str, Path]:
    """Write the review workbook, the REFI-QDA project and codebook from the run tables; returns the paths."""
    run_dir = Path(run_dir)
    documents = pd.read_parquet(run_dir / "documents.parquet")
    segments = pd.read_parquet(run_dir / "segments.parquet")
    themes = pd.read_parquet(run_dir / "themes.parquet")
    out = run_dir / EXPORT_DIR
    xlsx, csv = review.write_review(review.review_table(segments, themes, documents), framework, out_dir=out)
    qdpx = qda_export.write_qdpx(out / "project.qdpx", name=name, framework=framework, documents=documents,
                                 segments=segments, themes=themes, created=created)
    qdc = qda_export.write_qdc(out / "kader.qdc", framework)
    return {"review_xlsx": xlsx, "review_csv": csv, "qdpx": qdpx, "qdc": qdc}


def write_tables_workbook(tables_dir: Path) -> Path | None:
    """tables/tabellen.xlsx from every tables/*.csv: one sheet per table (named after the file), header bold
    and frozen, numbers as numbers, columns wide enough to read. None when there are no tables."""
    from openpyxl import Workbook

    tables_dir = Path(tables_dir)
    paths = sorted(tables_dir.glob("*.csv"))
    if not paths:
        return None
    book = Workbook(write_only=True)
    names: set[str] = set()
    for path in paths:
        table = with_numbers(pd.read_csv(path, dtype=str, keep_default_na=False))
        write_table_sheet(book.create_sheet(sheet_name(path.stem, taken=names)), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return save_reproducibly(buffer.getvalue(), tables_dir / TABLES_WORKBOOK)


# A number as a table writes it: no leading zero (a code such as '0412' or a 16-digit id stays text), at most
# 15 digits before the decimal point (what Excel keeps exactly), no exponent ('12345e67' is an id, not infinity).
_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.\d+)?")


def with_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """The text cells of a table read as text (dtype=str): a column whose filled cells are all plain numbers
    becomes numbers; every other cell stays as written ('NA', 'TRUE', '0412', ids). Empty cells stay empty."""
    out = table.copy()
    for column in out.columns:
        filled = out[column][out[column] != ""]
        if len(filled) and filled.map(lambda v: _NUMBER.fullmatch(v) is not None).all():
            out[column] = pd.to_numeric(out[column].replace("", None))
        else:
            out[column] = out[column].replace("", None)
    return out


# An xlsx is a zip whose entries and properties carry the time it was saved; fixed, the same tables give the
# same file in every run (manifest hashes, reruns).
FIXED_TIME = dt.datetime(2000, 1, 1)
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def save_reproducibly(xlsx: bytes, path: Path) -> Path:
    """Write an xlsx made by openpyxl with its save time replaced by FIXED_TIME (core properties, zip entries)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    files["docProps/core.xml"] = _W3CDTF.sub(rb"\g<1>" + stamp + rb"\g<2>", files["docProps/core.xml"])
    return qda_export.write_zip(Path(path), files, created=FIXED_TIME)


def sheet_name(stem: str, *, taken: set[str]) -> str:
    """`stem` as an Excel sheet name: without []:*?/\\, at most 31 characters, unique in `taken` (updated)."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in stem)[:SHEET_NAME_MAX] or "tabel"
    base, n = name, 2
    while name.lower() in {t.lower() for t in taken}:
        name = f"{base[:SHEET_NAME_MAX - len(str(n)) - 1]}~{n}"
        n += 1
    taken.add(name)
    return name


def write_table_sheet(sheet, table: pd.DataFrame) -> None:
    """The header in bold, then the rows; a matrix's unnamed index column gets an empty header."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = ["" if str(c).startswith("Unnamed:") else str(c) for c in table.columns]
    for i, column in enumerate(table.columns, start=1):
        longest = max([len(header[i - 1]), *table[column].map(lambda v: len(str(v))).head(500)], default=0)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([styled_cell(WriteOnlyCell(sheet, h), font=bold) for h in header])
    for row in table.itertuples(index=False):
        sheet.append([styled_cell(WriteOnlyCell(sheet, cell_value(v))) for v in row])


def cell_value(value):
    """A cell's value: missing as empty, numpy numbers as Python numbers, everything else as it is."""
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def styled_cell(cell, *, font=None):
    """`cell` with `font`; text that starts with '=' stays text, never a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
