"""Review loop: export the automatic theme assignments for people to check, and read their corrections back.

`export/review.xlsx` (and `review.csv`) has one row per segment with the suggested themes, scores and
evidence, and two empty columns: `correctie` and `opmerking`. `read_corrections` turns a filled-in
file into labelled examples (`text`, `themes`) in the format of the gold files in corpora/evaluatie/,
usable as `ThemeScorer.fit(framework, examples=...)` and as an evaluation set.

Values of `correctie`: theme ids separated by ';' (or ','), 'geen' (no theme applies), 'ok' (the
suggestion is right) or empty (not reviewed; skipped).

In a re-run the corrections also overrule the engine: `apply_corrections` gives a corrected fragment
exactly the researcher's themes (evidence CORRECTION_EVIDENCE), and `review_table` shows them again in
`correctie`, so a next review round starts from there.
"""

from __future__ import annotations

import io
import re
import zipfile
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
CORRECTION_EVIDENCE = "correctie onderzoeker"  # evidence of every theme row of a corrected fragment
CORRECTIONS_FILE = "corrections.json"  # in the run folder: how many corrections were given and applied
_SPLIT = re.compile(r"[;,+/|\s]+")  # 'L1; P3', 'L1, P3', 'L1 P3', 'L1 + P3', 'L1/P3'
_LIST_SPLIT = re.compile(r"[;,+/|]")
_SPACED_ID = re.compile(r"\b([A-Za-z]+)\s+(\d+)\b")  # 'P 2', as people type 'P2'
_LETTER_NUMBER = re.compile(r"[A-Za-z]+\d+")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HELP = [
    "Controleer per fragment de voorgestelde thema's (kolom 'voorgesteld').",
    "Kolom 'correctie': laat leeg als u het fragment niet beoordeelt;",
    "  'ok' als de voorgestelde thema's kloppen;",
    "  de juiste thema-ids, gescheiden door een puntkomma (bijvoorbeeld: L1; P3);",
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
    """The review sheet of an .xlsx, or a .csv, as strings with lower-case column names; ConfigError (Dutch)
    when unusable. A csv is read as ingest reads one (Dutch Excel: ';', Windows-1252, BOM)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Reviewbestand niet gevonden: {path}.")
    table = read_text_table(path) if path.suffix.lower() == ".csv" else read_review_sheet(path)
    missing = [c for c in ("tekst", "voorgesteld", "correctie") if c not in table.columns]
    if missing:
        raise ConfigError(f"{path} mist de kolom(men) {', '.join(missing)} (gevonden: "
                          f"{', '.join(map(str, table.columns)) or 'geen'}). Gebruik export/review.xlsx uit een run.")
    return table


def read_text_table(path: Path) -> pd.DataFrame:
    """A csv as text columns (names stripped, lower case), decoded and split like ingest does."""
    from pipeline.readers.tables import choose_delimiter
    from pipeline.readers.text import decode_bytes

    text, _ = decode_bytes(Path(path).read_bytes())
    separator, _ = choose_delimiter(text, wanted=None, candidates=["correctie", "tekst", "text", "themes"])
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        raise ConfigError(f"{path} is geen leesbare csv: de regels hebben geen vaste indeling (controleer "
                          "scheidingsteken en aanhalingstekens), of sla het op als .xlsx.") from None
    table.columns = [str(c).strip().strip('"').strip().lower() for c in table.columns]
    return table


def read_review_sheet(path: Path) -> pd.DataFrame:
    """The sheet 'review' (any capitals) of a workbook; ConfigError naming the sheets found when absent."""
    names = sheet_names(path)
    sheet = next((name for name in names if name.strip().lower() == SHEET), None)
    if sheet is None:
        raise ConfigError(f"{path} heeft geen tabblad '{SHEET}' (gevonden: {', '.join(names)}). Geef het tabblad "
                          f"met de fragmenten weer de naam '{SHEET}', of gebruik export/review.xlsx uit een run.")
    table = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl")
    table.columns = [str(c).strip().lower() for c in table.columns]
    return table


def sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ConfigError(f"{path} is geen leesbaar reviewbestand (xlsx met tabblad '{SHEET}', of csv): {error}") \
            from None
    names = list(book.sheetnames)
    book.close()
    return names


def parse_correction(value: str, suggested: str, *, known: dict[str, str]) -> list[str] | None:
    """Theme ids of one correction; None when empty (not reviewed); ValueError (the cell text) for unknown ids.

    'P 2' counts as 'P2' when the known ids are a letter and a number, as people type them."""
    value = str(value or "").strip()
    if not value:
        return None
    if value.lower() in NONE_WORDS:
        return []
    typed = suggested if value.lower() in ACCEPT_WORDS else value
    if known and all(_LETTER_NUMBER.fullmatch(i) for i in known):
        typed = _SPACED_ID.sub(r"\1\2", typed)
    # a piece between ';' that is an id as a whole stays whole (an id of an own framework may hold a space)
    ids = [item for piece in _LIST_SPLIT.split(typed)
           for item in ([piece.strip()] if piece.strip().upper() in known else _SPLIT.split(piece)) if item]
    if any(item.upper() not in known for item in ids):
        raise ValueError(value)
    return list(dict.fromkeys(known[item.upper()] for item in ids))


def read_corrections(path: Path, *, theme_ids: list[str] | None = None, hint: str = "") -> pd.DataFrame:
    """Reviewed rows of a review file as labelled examples: seg_id, text, themes (list of ids).

    Ids are checked against `theme_ids`, else against the 'themas' sheet of the workbook; a row with
    an unknown id raises ConfigError naming the spreadsheet row and its text (plus `hint`). Without
    either (a csv), any id passes.
    """
    table = read_review_file(path)
    known_ids = theme_ids or sheet_theme_ids(Path(path))
    seg_ids = table["seg_id"] if "seg_id" in table.columns else pd.Series("", index=table.index)
    rows, errors = [], []
    for number, (seg_id, text, suggested, value) in enumerate(
            zip(seg_ids, table["tekst"], table["voorgesteld"], table["correctie"]), start=2):
        known = {i.upper(): i for i in (known_ids or _SPLIT.split(f"{value} {suggested}")) if i}
        try:
            themes = parse_correction(value, suggested, known=known)
        except ValueError as error:
            errors.append(f"rij {number}: {error}")
            continue
        if themes is not None:
            rows.append({"seg_id": str(seg_id).strip(), "text": text, "themes": themes})
    if errors:
        raise ConfigError(f"Onbekende thema-ids in {path} ({'; '.join(errors[:10])}). "
                          f"Bekende ids: {', '.join(known_ids)}; of gebruik 'ok' of 'geen'.{hint}")
    return pd.DataFrame(rows, columns=["seg_id", "text", "themes"])


def sheet_theme_ids(path: Path) -> list[str]:
    """Theme ids from the 'themas' sheet of a review workbook ([] for csv or without the sheet)."""
    path = Path(path)
    if path.suffix.lower() == ".csv" or not path.is_file():
        return []
    sheet = next((name for name in sheet_names(path) if name.strip().lower() == THEMES_SHEET), None)
    if sheet is None:
        return []
    ids = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="openpyxl")
    ids.columns = [str(c).strip().lower() for c in ids.columns]
    return [i.strip() for i in ids.get("id", pd.Series(dtype=str)) if i.strip()]


def read_correction_examples(path: Path, *, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """Corrections as seg_id, text, themes (list): a CSV of `importeer-correcties` (seg_id may be missing,
    then ''; a hand-made text,themes CSV or a gold file works too), or a filled-in review file itself."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Bestand met correcties niet gevonden: {path}.")
    if path.suffix.lower() != ".csv":
        return read_corrections(path, theme_ids=theme_ids)
    table = read_text_table(path)
    if "correctie" in table.columns:
        return read_corrections(path, theme_ids=theme_ids)
    if not {"text", "themes"} <= set(table.columns):
        raise ConfigError(f"{path} moet de kolommen text en themes hebben (zoals 'ontmoeting importeer-correcties' "
                          f"schrijft), of een ingevuld review.xlsx zijn.")
    themes = table["themes"].map(lambda v: [] if v.strip().lower() in NONE_WORDS
                                 else [i for i in _SPLIT.split(v) if i])
    check_theme_ids(themes, theme_ids, path=path)
    seg_ids = table["seg_id"].str.strip() if "seg_id" in table.columns else ""
    return pd.DataFrame({"seg_id": seg_ids, "text": table["text"], "themes": themes})


def check_theme_ids(themes: pd.Series, theme_ids: list[str] | None, *, path: Path) -> None:
    unknown = sorted({i for ids in themes for i in ids} - set(theme_ids or [])) if theme_ids else []
    if unknown:
        raise ConfigError(f"Onbekende thema-ids in {path}: {', '.join(unknown)}. Bekende ids: {', '.join(theme_ids)}. "
                          "Gebruik de ids van het kader van de run (--kader of --instellingen).")


def read_examples(path: Path, *, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """Labelled examples for the theme engine (text, themes); see `read_correction_examples`."""
    return read_correction_examples(path, theme_ids=theme_ids)[["text", "themes"]].reset_index(drop=True)


def write_examples(corrections: pd.DataFrame, path: Path) -> Path:
    """Save corrections as an examples CSV: seg_id, text, themes as 'L1; P3' (empty = none). The seg_id lets
    a re-run put the code on the very fragment that was corrected (see `apply_corrections`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    seg_ids = corrections["seg_id"] if "seg_id" in corrections else ""
    out = pd.DataFrame({"seg_id": seg_ids, "text": corrections["text"],
                        "themes": corrections["themes"].map("; ".join)})
    out.to_csv(path, index=False, encoding="utf-8")
    return path


def normalise_text(text) -> str:
    return " ".join(str(text or "").split())


def apply_corrections(scores: pd.DataFrame, segments: pd.DataFrame, corrections: pd.DataFrame
                      ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Scores where every corrected segment has exactly the researcher's themes assigned (its scores kept,
    evidence CORRECTION_EVIDENCE on all its rows), and counts: given, applied, unmatched, fragments.

    A correction applies only to a segment with the same text (whitespace normalised): the one with its
    seg_id; without a seg_id (or when that seg_id now holds other text) every segment with that text, or
    with a seg_id only when that text occurs once, so a changed document does not get a stale code."""
    texts = dict(zip(segments["seg_id"], segments["text"].map(normalise_text)))
    by_text: dict[str, list[str]] = {}
    for seg_id, text in texts.items():
        by_text.setdefault(text, []).append(seg_id)
    coded: dict[str, set[str]] = {}
    applied = 0
    for seg_id, text, themes in corrections[["seg_id", "text", "themes"]].itertuples(index=False):
        same_text, seg_id = by_text.get(normalise_text(text), []), str(seg_id or "")
        targets = ([seg_id] if seg_id in same_text else same_text if not seg_id or len(same_text) == 1 else [])
        coded.update({target: set(themes) for target in targets})
        applied += bool(targets)
    out = scores.copy()
    corrected = out["seg_id"].isin(coded.keys()).to_numpy()
    wanted = [theme in coded.get(seg, ()) for seg, theme in zip(out["seg_id"], out["theme_id"])]
    out["assigned"] = out["assigned"].astype(bool).where(~corrected, pd.Series(wanted, index=out.index))
    out["evidence"] = out["evidence"].where(~corrected, CORRECTION_EVIDENCE)
    return out, {"given": len(corrections), "applied": applied, "unmatched": len(corrections) - applied,
                 "fragments": len(coded)}
