"""Researchers' corrections: read them back from a filled-in review file and apply them to a run.

A correction is one reviewed row of `export/review.xlsx` (or `review.csv`, see pipeline.review): the
fragment's `seg_id` and `tekst`, and in `correctie` the theme ids separated by ';' (or ','), 'geen' (no
theme applies), 'ok' (the suggestion is right) or empty (not reviewed; skipped). `read_corrections` turns
such a file into labelled examples (`seg_id`, `text`, `themes`), in the format of the gold files in
corpora/evaluatie/; `write_examples` saves them as the CSV that `ontmoeting analyse --correcties` reads.

Corrections do two things in a re-run. They train the engine (`ThemeScorer.fit(framework, examples=...)`),
and they overrule it for the fragments they were made for: `apply_corrections` gives such a fragment
exactly the researcher's themes (evidence CORRECTION_EVIDENCE). A correction is matched to a fragment by
seg_id and text (whitespace normalised), never to a fragment with other text, so a changed document does
not get a stale code; a correction without seg_id (a hand-made CSV) goes by its text alone. Privacy codes
do not count: a correction still fits when a new note turned a word of its fragment into '[PERSOON-19]',
as long as exactly one fragment fits (see `match_corrections`). Corrections that fit nothing are listed in
export/correcties-niet-toegepast.csv (`write_unmatched_corrections`), to be passed again next round.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError
from pipeline.correction_matching import match_corrections, normalise_text

NONE_WORDS = {"geen", "-", "nee"}
ACCEPT_WORDS = {"ok", "oké", "goed", "akkoord"}
SHEET, THEMES_SHEET = "review", "themas"  # sheets of the workbook pipeline.review writes and this module reads
CORRECTION_EVIDENCE = "correctie onderzoeker"  # evidence of every theme row of a corrected fragment
CORRECTIONS_FILE = "corrections.json"  # in the run folder: how many corrections were given and applied
_SPLIT = re.compile(r"[;,+/|\s]+")  # 'L1; P3', 'L1, P3', 'L1 P3', 'L1 + P3', 'L1/P3'
_LIST_SPLIT = re.compile(r"[;,+/|]")
_SPACED_ID = re.compile(r"\b([A-Za-z]+)\s+(\d+)\b")  # 'P 2', as people type 'P2'
_LETTER_NUMBER = re.compile(r"[A-Za-z]+\d+")


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
    from pipeline.readers.tables import read_text_columns

    try:
        return read_text_columns(path, candidates=["correctie", "tekst", "text", "themes"])
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        raise ConfigError(f"{path} is geen leesbare csv: de regels hebben geen vaste indeling (controleer "
                          "scheidingsteken en aanhalingstekens), of sla het op als .xlsx.") from None


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
    # a piece between ';' that is an id as a whole stays whole (a review file of an older run may hold an id
    # with a space; frameworks refuse such ids since framework checks were added)
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


def read_reviewed_file(path: Path, *, framework_ids: Callable[[], list[str]]) -> pd.DataFrame:
    """read_corrections with the theme ids of the framework the run used, as its 'themas' sheet lists them;
    `framework_ids` (the framework of the settings) stands in when the sheet is missing, with a hint."""
    theme_ids = sheet_theme_ids(path)
    if theme_ids:
        return read_corrections(path, theme_ids=theme_ids)
    hint = (" Het bestand heeft geen tabblad 'themas'; de ids komen uit het kader van de instellingen. Gebruikte "
            "de run een ander kader, geef dan dezelfde instellingen mee met --instellingen.")
    return read_corrections(path, theme_ids=framework_ids(), hint=hint)


def carry_unmatched(corrections: pd.DataFrame, review_path: Path) -> tuple[pd.DataFrame, int]:
    """`corrections` read from a review file plus the corrections its run could not apply (UNMATCHED_FILE beside
    it in export/), which that review file cannot show; a fragment corrected again in the review keeps the new
    correction. Returns the table and how many were carried over. Without such a file: as given."""
    path = Path(review_path).parent / UNMATCHED_FILE
    if not path.is_file():
        return corrections, 0
    left = read_correction_examples(path)
    reviewed = set(corrections["text"].map(normalise_text))
    carried = left[~left["text"].map(normalise_text).isin(reviewed)]
    return pd.concat([corrections, carried], ignore_index=True), len(carried)


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


UNMATCHED_FILE = "correcties-niet-toegepast.csv"  # in export/: corrections no fragment of the run fits


def apply_corrections(scores: pd.DataFrame, segments: pd.DataFrame, corrections: pd.DataFrame
                      ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Scores where every corrected segment has exactly the researcher's themes assigned (its scores kept,
    evidence CORRECTION_EVIDENCE on all its rows), and counts: given, applied, unmatched, fragments.
    Which segments a correction is for: see `match_corrections`."""
    coded: dict[str, set[str]] = {}
    matches = match_corrections(segments, corrections)
    for targets, themes in zip(matches, corrections["themes"]):
        coded.update({target: set(themes) for target in targets})
    applied = sum(bool(targets) for targets in matches)
    out = scores.copy()
    corrected = out["seg_id"].isin(coded.keys()).to_numpy()
    wanted = [theme in coded.get(seg, ()) for seg, theme in zip(out["seg_id"], out["theme_id"])]
    out["assigned"] = out["assigned"].astype(bool).where(~corrected, pd.Series(wanted, index=out.index))
    out["evidence"] = out["evidence"].where(~corrected, CORRECTION_EVIDENCE)
    return out, {"given": len(corrections), "applied": applied, "unmatched": len(corrections) - applied,
                 "fragments": len(coded)}


def write_unmatched_corrections(run_dir: Path, examples_path: Path, *, identifiers: Iterable[str] = ()) -> int:
    """export/UNMATCHED_FILE: the corrections in `examples_path` that fit no segment of the run (see
    `match_corrections`), in the columns of `write_examples`, so the file can be passed again with
    --correcties. Returns how many; 0 writes no file. A word that this run's input marks as personal data
    becomes a code: the privacy check of the run would refuse it otherwise, and a code still fits the word."""
    from pipeline.exports import EXPORT_DIR
    from pipeline.privacy_sweep import identifier_pattern

    corrections = read_correction_examples(Path(examples_path))
    segments = pd.read_parquet(Path(run_dir) / "segments.parquet", columns=["seg_id", "text"])
    unmatched = corrections[[not targets for targets in match_corrections(segments, corrections)]]
    path = Path(run_dir) / EXPORT_DIR / UNMATCHED_FILE
    path.unlink(missing_ok=True)
    if len(unmatched):
        pattern = identifier_pattern(identifiers)
        masked = unmatched["text"].map(lambda text: pattern.sub("[PERSOON]", text)) if pattern else unmatched["text"]
        write_examples(unmatched.assign(text=masked), path)
    return len(unmatched)


def unmatched_warning(count: int, path: Path) -> str:
    """One Dutch console line: how many corrections were not applied and where they are."""
    what = "1 correctie is" if count == 1 else f"{count} correcties zijn"
    return (f"Let op: {what} niet toegepast: geen fragment van deze run past erbij. Ze staan in {path}; "
            "'ontmoeting importeer-correcties' neemt ze mee naar de volgende ronde (zie docs/rapport.md).")
