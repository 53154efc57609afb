"""Review workbook: export the automatic theme assignments for people to check.

`export/review.xlsx` (and `review.csv`) has one row per segment with the suggested themes, scores and
evidence, and two empty columns: `correctie` and `opmerking`. The sheet 'themas' lists the framework's ids,
the sheet 'uitleg' says how to fill in `correctie`. Reading the filled-in file back, and applying the
corrections in a re-run, is pipeline.corrections.

A fragment that a re-run corrected (evidence CORRECTION_EVIDENCE) shows the researcher's themes again in
`correctie`, so a next review round starts from there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.corrections import CORRECTION_EVIDENCE, SHEET, THEMES_SHEET

REVIEW_COLUMNS = ["seg_id", "bron", "bijeenkomst", "datum", "tekst", "voorgesteld", "scores", "bewijs",
                  "correctie", "opmerking"]
COLUMN_WIDTHS = {"seg_id": 22, "bron": 24, "bijeenkomst": 24, "datum": 11, "tekst": 70, "voorgesteld": 13,
                 "scores": 24, "bewijs": 40, "correctie": 14, "opmerking": 30}
MIN_SHOWN_SCORE = 0.1  # lower scores are noise for a reviewer
HELP_SHEET = "uitleg"
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HELP = [
    "Controleer per fragment de voorgestelde thema's (kolom 'voorgesteld').",
    "Kolom 'correctie': laat leeg als u het fragment niet beoordeelt;",
    "  'ok' als de voorgestelde thema's kloppen;",
    "  de juiste thema-ids, gescheiden door een puntkomma{example};",
    "  'geen' als geen enkel thema past.",
    "Kolom 'opmerking' is vrij. De thema-ids en hun omschrijving staan op het tabblad 'themas'.",
    "Lees de correcties terug met: ontmoeting importeer-correcties review.xlsx --uit corpora/correcties/NAAM.csv",
    "Met 'ontmoeting analyse MAP --correcties corpora/correcties/NAAM.csv' houdt elk gecorrigeerd fragment uw code;",
    "  in het volgende review.xlsx staat die al in de kolom 'correctie'.",
]


def review_table(segments: pd.DataFrame, themes: pd.DataFrame, documents: pd.DataFrame, *,
                 n_scores: int = 3) -> pd.DataFrame:
    """One row per segment (document order) with suggested themes, the best scores and the evidence."""
    docs = documents.reindex(columns=["doc_id", "source", "bijeenkomst", "datum"])
    table = segments.reindex(columns=["seg_id", "doc_id", "text"]).merge(docs, on="doc_id", how="left")
    ranked = themes.sort_values(["seg_id", "score", "theme_id"], ascending=[True, False, True])
    assigned = ranked[ranked["assigned"].astype(bool)]
    suggested = assigned.groupby("seg_id")["theme_id"].agg("; ".join)
    # String columns joined per group (groupby keeps the ranked order): no Python call per segment.
    explained = assigned[assigned["evidence"].fillna("") != ""]
    evidence = (explained["theme_id"] + ": " + explained["evidence"]).groupby(explained["seg_id"]).agg(" | ".join)
    best = ranked[ranked["score"] >= MIN_SHOWN_SCORE].groupby("seg_id").head(n_scores)
    # astype: mapping no rows gives a float column, which has no .str
    shown = best["theme_id"] + " " + best["score"].map("{:.2f}".format).astype(str).str.replace(".", ",", regex=False)
    scores = shown.groupby(best["seg_id"]).agg("; ".join)
    # object first: a metadata column that is empty throughout may be float, and text cannot fill floats
    meta = table[["source", "bijeenkomst", "datum"]].astype(object).fillna("")
    out = pd.DataFrame({
        "seg_id": table["seg_id"], "bron": meta["source"], "bijeenkomst": meta["bijeenkomst"],
        "datum": meta["datum"], "tekst": table["text"].map(lambda t: " ".join(str(t).split())),
        "voorgesteld": text_per_segment(table["seg_id"], suggested), "scores": text_per_segment(table["seg_id"], scores),
        "bewijs": text_per_segment(table["seg_id"], evidence),
        "correctie": text_per_segment(table["seg_id"], applied_corrections(ranked)), "opmerking": ""})
    return out.reset_index(drop=True)


def applied_corrections(ranked: pd.DataFrame) -> pd.Series:
    """The code of each corrected segment as typed in `correctie` ('L4; P6' or 'geen'), by seg_id: a
    re-imported review file then gives the same corrections (idempotent)."""
    corrected = ranked[ranked["evidence"].fillna("") == CORRECTION_EVIDENCE]
    if corrected.empty:
        return pd.Series(dtype=str)
    codes = corrected[corrected["assigned"].astype(bool)].groupby("seg_id")["theme_id"].agg("; ".join)
    return codes.reindex(corrected["seg_id"].unique(), fill_value="geen")


def text_per_segment(seg_ids: pd.Series, texts: pd.Series) -> pd.Series:
    """`texts` (indexed by seg_id) for each of `seg_ids`, '' where there is none.

    Not `map(...).fillna('')`: when no segment has a theme, score or evidence, the mapped column is
    float, and pandas 3 warns that filling floats with text will fail (Pandas4Warning)."""
    found = texts.astype(str).reindex(seg_ids.to_numpy(), fill_value="")
    return pd.Series(found.to_numpy(), index=seg_ids.index, dtype=str)


def theme_sheet_rows(framework) -> list[list[str]]:
    return [["id", "label", "soort", "omschrijving"]] + [[t.id, t.label, t.kind, t.description]
                                                          for t in framework.themes]


def help_lines(framework) -> list[str]:
    """The lines of the sheet 'uitleg', the example ids taken from the run's own framework."""
    ids = [t.id for t in framework.themes][:2]
    example = f" (bijvoorbeeld: {'; '.join(ids)})" if ids else ""
    return [line.format(example=example) if "{example}" in line else line for line in HELP]


def write_review(table: pd.DataFrame, framework, *, out_dir: Path) -> tuple[Path, Path]:
    """Write review.xlsx (sheets review, themas, uitleg) and review.csv into `out_dir`.

    Streamed (openpyxl write-only): a corpus of a million words has some 50,000 segments, and a workbook
    held in memory cell by cell takes twice as long to write.
    """
    from openpyxl import Workbook

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    write_review_sheet(book.create_sheet(SHEET), table, framework)
    themes = book.create_sheet(THEMES_SHEET)
    themes.column_dimensions["B"].width, themes.column_dimensions["D"].width = 45, 100
    for row in theme_sheet_rows(framework):
        themes.append(row)
    help_sheet = book.create_sheet(HELP_SHEET)
    for line in ["Uitleg", *help_lines(framework)]:
        help_sheet.append([line])
    xlsx, csv = out_dir / "review.xlsx", out_dir / "review.csv"
    book.save(xlsx)
    table[REVIEW_COLUMNS].to_csv(csv, index=False, encoding="utf-8")
    return xlsx, csv


def write_review_sheet(sheet, table: pd.DataFrame, framework) -> None:
    """Bold header, column widths, wrapped text, frozen header, filters, the hint on `correctie`, the rows."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, column in enumerate(REVIEW_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = COLUMN_WIDTHS[column]
    sheet.freeze_panes = "B2"
    last = f"{get_column_letter(len(REVIEW_COLUMNS))}{len(table) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    sheet.data_validations.append(correction_hint(framework, DataValidation, n_rows=len(table)))
    def styled(value, **style):
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str) and value.startswith("="):  # text that starts with '=' is text, not a formula
            cell.data_type = "s"
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([styled(name, font=bold) for name in REVIEW_COLUMNS])
    text_column = REVIEW_COLUMNS.index("tekst")
    for row in table[REVIEW_COLUMNS].itertuples(index=False):
        cells = [clean_cell(value) for value in row]
        # Plain values are written fastest; a cell object only where style or type needs one.
        sheet.append([styled(value, alignment=wrap) if i == text_column
                      else styled(value) if isinstance(value, str) and value.startswith("=") else value
                      for i, value in enumerate(cells)])


def correction_hint(framework, validation_cls, *, n_rows: int):
    """An input message on the `correctie` column (a drop-down cannot hold several ids, so: a hint)."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(REVIEW_COLUMNS.index("correctie") + 1)
    ids = ", ".join(t.id for t in framework.themes)
    hint = validation_cls(allow_blank=True, showInputMessage=True, promptTitle="Correctie",
                          prompt=f"ok, geen, of thema-ids met ; ertussen ({ids})"[:255])
    hint.add(f"{letter}2:{letter}{max(n_rows + 1, 2)}")
    return hint


def clean_cell(value):
    """Excel refuses control characters in cells."""
    if not isinstance(value, str):
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
    return _ILLEGAL_XLSX.sub(" ", value)
