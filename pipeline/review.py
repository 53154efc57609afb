"""Review loop: export the automatic theme assignments for people to check, and read their corrections back.

`export/review.xlsx` (and `review.csv`) has one row per segment with the suggested themes, scores and
evidence, and two empty columns: `correctie` and `opmerking`. `read_corrections` turns a filled-in
file into labelled examples (`text`, `themes`) in the format of the gold files in corpora/evaluatie/,
usable as `ThemeScorer.fit(framework, examples=...)` and as an evaluation set.

Values of `correctie`: theme ids separated by ';' (or ','), 'geen' (no theme applies), 'ok' (the
suggestion is right) or empty (not reviewed; skipped).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError

REVIEW_COLUMNS = ["seg_id", "bron", "bijeenkomst", "datum", "tekst", "voorgesteld", "scores", "bewijs",
                  "correctie", "opmerking"]
COLUMN_WIDTHS = {"seg_id": 22, "bron": 24, "bijeenkomst": 24, "datum": 11, "tekst": 70, "voorgesteld": 13,
                 "scores": 24, "bewijs": 40, "correctie": 14, "opmerking": 30}
MIN_SHOWN_SCORE = 0.1  # lower scores are noise for a reviewer
NONE_WORDS = {"geen", "-", "nee"}
ACCEPT_WORDS = {"ok", "oké", "goed", "akkoord"}
SHEET, THEMES_SHEET, HELP_SHEET = "review", "themas", "uitleg"
_SPLIT = re.compile(r"[;,\s]+")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HELP = [
    "Controleer per fragment de voorgestelde thema's (kolom 'voorgesteld').",
    "Kolom 'correctie': laat leeg als u het fragment niet beoordeelt;",
    "  'ok' als de voorgestelde thema's kloppen;",
    "  de juiste thema-ids, gescheiden door een puntkomma (bijvoorbeeld: L1; P3);",
    "  'geen' als geen enkel thema past.",
    "Kolom 'opmerking' is vrij. De thema-ids en hun omschrijving staan op het tabblad 'themas'.",
    "Lees de correcties terug met: ontmoeting importeer-correcties review.xlsx --uit corpora/correcties/NAAM.csv",
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
        "bewijs": text_per_segment(table["seg_id"], evidence), "correctie": "", "opmerking": ""})
    return out.reset_index(drop=True)


def text_per_segment(seg_ids: pd.Series, texts: pd.Series) -> pd.Series:
    """`texts` (indexed by seg_id) for each of `seg_ids`, '' where there is none.

    Not `map(...).fillna('')`: when no segment has a theme, score or evidence, the mapped column is
    float, and pandas 3 warns that filling floats with text will fail (Pandas4Warning)."""
    found = texts.astype(str).reindex(seg_ids.to_numpy(), fill_value="")
    return pd.Series(found.to_numpy(), index=seg_ids.index, dtype=str)


def theme_sheet_rows(framework) -> list[list[str]]:
    return [["id", "label", "soort", "omschrijving"]] + [[t.id, t.label, t.kind, t.description]
                                                          for t in framework.themes]


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
    for line in ["Uitleg", *HELP]:
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


def read_review_file(path: Path) -> pd.DataFrame:
    """The review sheet of an .xlsx, or a .csv, as strings; ConfigError (Dutch) when unusable."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Reviewbestand niet gevonden: {path}.")
    try:
        if path.suffix.lower() == ".csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            table = pd.read_excel(path, sheet_name=SHEET, dtype=str, keep_default_na=False, engine="openpyxl")
    except (ValueError, OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is geen leesbaar reviewbestand (xlsx met tabblad '{SHEET}', of csv): {error}") \
            from None
    missing = [c for c in ("tekst", "voorgesteld", "correctie") if c not in table.columns]
    if missing:
        raise ConfigError(f"{path} mist de kolom(men) {', '.join(missing)}. Gebruik export/review.xlsx uit een run.")
    return table


def parse_correction(value: str, suggested: str, *, known: dict[str, str]) -> list[str] | None:
    """Theme ids of one correction; None when empty (not reviewed); ValueError for unknown ids."""
    value = str(value or "").strip()
    if not value:
        return None
    if value.lower() in NONE_WORDS:
        return []
    if value.lower() in ACCEPT_WORDS:
        value = suggested
    ids = [item for item in _SPLIT.split(value) if item]
    unknown = [item for item in ids if item.upper() not in known]
    if unknown:
        raise ValueError(", ".join(unknown))
    return list(dict.fromkeys(known[item.upper()] for item in ids))


def read_corrections(path: Path, *, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """Reviewed rows of a review file as labelled examples: seg_id, text, themes (list of ids).

    Ids are checked against `theme_ids`, else against the 'themas' sheet of the workbook; a row with
    an unknown id raises ConfigError naming the spreadsheet row. Without either (a csv), any id passes.
    """
    table = read_review_file(path)
    known_ids = theme_ids or sheet_theme_ids(Path(path))
    rows, errors = [], []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        known = {i.upper(): i for i in (known_ids or _SPLIT.split(f"{row.correctie} {row.voorgesteld}"))}
        try:
            themes = parse_correction(row.correctie, row.voorgesteld, known=known)
        except ValueError as error:
            errors.append(f"rij {number}: {error}")
            continue
        if themes is not None:
            rows.append({"seg_id": getattr(row, "seg_id", ""), "text": row.tekst, "themes": themes})
    if errors:
        raise ConfigError(f"Onbekende thema-ids in {path} ({'; '.join(errors[:10])}). "
                          f"Bekende ids: {', '.join(known_ids)}; of gebruik 'ok' of 'geen'.")
    return pd.DataFrame(rows, columns=["seg_id", "text", "themes"])


def sheet_theme_ids(path: Path) -> list[str]:
    """Theme ids from the 'themas' sheet of a review workbook ([] for csv or without the sheet)."""
    if path.suffix.lower() == ".csv":
        return []
    try:
        sheet = pd.read_excel(path, sheet_name=THEMES_SHEET, dtype=str, keep_default_na=False, engine="openpyxl")
    except (ValueError, OSError):
        return []
    return [i.strip() for i in sheet.get("id", pd.Series(dtype=str)) if i.strip()]


def read_examples(path: Path, *, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """Labelled examples for the theme engine (text, themes): a CSV written by `importeer-correcties`
    (or a gold file like corpora/evaluatie/*.csv), or a filled-in review file itself."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Bestand met correcties niet gevonden: {path}.")
    if path.suffix.lower() != ".csv" or "correctie" in pd.read_csv(path, nrows=0).columns:
        return read_corrections(path, theme_ids=theme_ids)[["text", "themes"]]
    examples = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"text", "themes"} <= set(examples.columns):
        raise ConfigError(f"{path} moet de kolommen text en themes hebben (zoals 'ontmoeting importeer-correcties' "
                          f"schrijft), of een ingevuld review.xlsx zijn.")
    themes = examples["themes"].map(lambda v: [i for i in _SPLIT.split(v) if i])
    return pd.DataFrame({"text": examples["text"], "themes": themes})


def write_examples(corrections: pd.DataFrame, path: Path) -> Path:
    """Save corrections as a gold/examples CSV (text, themes as 'L1; P3', empty = none)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = pd.DataFrame({"text": corrections["text"], "themes": corrections["themes"].map("; ".join)})
    out.to_csv(path, index=False, encoding="utf-8")
    return path
