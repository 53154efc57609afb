"""corpus.yaml: the description of a corpus folder (name, files to ignore, metadata per file), checked.

Read before anything else in a run: unknown keys, a wrongly shaped `bestanden:` or `negeren:` and impossible
dates are a ConfigError in Dutch, naming the entry. Dates may be written the Dutch way ('13-03-2025',
'13 maart 2025'); they become dates, so the timeline sorts. File names match in any case; an entry that
names no file is a warning on corpus.yaml's row of the inputs table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import ConfigError
from pipeline.config_messages import yaml_problem
from pipeline.dates import DUTCH_MONTHS
from pipeline.framework import check_known_keys
from pipeline.readers import Record

log = logging.getLogger(__name__)

CORPUS_FILE = "corpus.yaml"
META_FIELDS = ["bijeenkomst", "datum", "gemeente", "vraag", "rol", "respondent"]
# corpus.yaml: keys at the top and in a `bestanden:` entry; a key outside these is a typo, not metadata.
FILE_KEYS = ("soort", *META_FIELDS, "antwoordkolom", "respondentkolom")
CORPUS_KEYS = ("naam", "beschrijving", "negeren", "bestanden", "soort", *META_FIELDS)
DATE_FORMATS = "2025-03-13, 13-03-2025, 13/03/2025, 13 maart 2025 of 13 mrt 2025"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ Tt]\d{1,2}:\d{2}[\d:.+\-Z ]*)?")  # a time is dropped
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_WRITTEN_DATE = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")

class _CorpusLoader(yaml.SafeLoader):
    """YAML without implicit dates: `datum` is read by parse_date, which knows Dutch dates and says
    which entry holds an impossible one (YAML itself crashes on 2025-04-31)."""


_CorpusLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read_corpus_description(folder: Path) -> dict[str, Any]:
    """corpus.yaml in the folder, checked (ConfigError in Dutch), dates as dt.date; or an empty description."""
    path = folder / CORPUS_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_CorpusLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is geen geldige YAML: {yaml_problem(error)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} moet sleutels met waarden bevatten (naam, bestanden, ...).")
    return checked_description(data, path=path)


def checked_description(data: dict, *, path: Path) -> dict[str, Any]:
    """The description with known keys only, `datum` as dt.date, `negeren` as a list and `bestanden` as a dict
    of dicts; ConfigError naming `path` and the entry otherwise."""
    for key in data:
        if key not in CORPUS_KEYS and Path(str(key)).suffix:
            raise ConfigError(f"Onbekende sleutel '{key}' bovenaan in {path}. Gegevens van een bestand horen onder "
                              f"'bestanden:', ingesprongen onder de bestandsnaam.")
    check_known_keys(data, known=CORPUS_KEYS, place=f"bovenaan in {path}")
    ignored = data.get("negeren") or []
    ignored = [ignored] if isinstance(ignored, str) else ignored
    if not isinstance(ignored, list) or not all(isinstance(name, str) for name in ignored):
        raise ConfigError(f"{path}: 'negeren' is een lijst met bestandsnamen, bijvoorbeeld [README.md, Thumbs.db].")
    files = checked_entries(data.get("bestanden") or {}, path=path)
    return {**with_date(data, where=f"{path}, bovenaan"), "bestanden": files, "negeren": ignored}


def checked_entries(entries: Any, *, path: Path) -> dict[str, dict]:
    """The `bestanden:` entries of corpus.yaml, each checked like the top level."""
    if not isinstance(entries, dict):
        raise ConfigError(f"{path}: onder 'bestanden' hoort per bestandsnaam een lijstje gegevens, bijvoorbeeld "
                          f"'notitie.docx:' met daaronder ingesprongen 'datum: 2025-03-13'.")
    files = {}
    for name, entry in entries.items():
        if entry is not None and not isinstance(entry, dict):
            raise ConfigError(f"{path}: bij bestand '{name}' horen sleutels met waarden (soort, datum, ...), "
                              f"niet '{entry}'.")
        check_known_keys(entry or {}, known=FILE_KEYS, place=f"bij bestand '{name}' in {path}")
        where = f"{path}, bij bestand '{name}'"
        files[str(name)] = with_columns(with_date(entry or {}, where=where), where=where)
    return files


def with_columns(meta: dict, *, where: str) -> dict:
    """`meta` with `antwoordkolom` as one column name or a list of two or more (each its own question), and
    `vraag` as text or, beside such a list, a list of as many questions; ConfigError for anything else."""
    columns, question = meta.get("antwoordkolom"), meta.get("vraag")
    example = 'antwoordkolom: ["Eerste vraag?", "Tweede vraag?"]'
    if isinstance(columns, list):
        texts = all(isinstance(c, str) and c.strip() for c in columns)
        if not columns or not texts or len(set(columns)) < len(columns):
            raise ConfigError(f"{where}: 'antwoordkolom' is een kolomkop of een lijst van verschillende kolomkoppen, "
                              f"bijvoorbeeld {example}.")
        columns = columns[0] if len(columns) == 1 else columns
    elif columns is not None and not isinstance(columns, str):
        raise ConfigError(f"{where}: 'antwoordkolom' is een kolomkop (tekst) of een lijst daarvan, niet '{columns}'.")
    if isinstance(question, list):
        if len(question) != (len(columns) if isinstance(columns, list) else 1) or not all(
                isinstance(q, str) and q.strip() for q in question):
            raise ConfigError(f"{where}: een lijst onder 'vraag' hoort bij een lijst onder 'antwoordkolom': "
                              "even lang, een vraag per kolom, in dezelfde volgorde. Laat 'vraag' weg om de "
                              "kolomkoppen als vraag te gebruiken.")
        question = question[0] if len(question) == 1 else question
    return {**meta, **({"antwoordkolom": columns} if columns is not None else {}),
            **({"vraag": question} if question is not None else {})}


def with_date(meta: dict, *, where: str) -> dict:
    """`meta` with `datum` read by parse_date (absent or empty: left out); ConfigError for a non-date."""
    value = meta.get("datum")
    if value is None or value == "":
        return {k: v for k, v in meta.items() if k != "datum"}
    try:
        date = parse_date(value)
    except ValueError:
        raise ConfigError(f"{where}: de datum '{value}' bestaat niet. Controleer de dag en de maand.") from None
    if date is None:
        raise ConfigError(f"{where}: '{value}' is geen datum. Schrijf een datum als {DATE_FORMATS}.")
    return {**meta, "datum": date}


def parse_date(value: Any) -> dt.date | None:
    """A date in ISO or Dutch notation (13-03-2025, 13/03/2025, 13 maart 2025, 13 mrt 2025) as dt.date;
    None when `value` has none of these forms; ValueError for an impossible date (2025-04-31)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split()).casefold() if isinstance(value, str) else ""
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = map(int, match.groups())
    elif (match := _WRITTEN_DATE.fullmatch(text)) and match[2] in DUTCH_MONTHS:
        day, month, year = int(match[1]), DUTCH_MONTHS[match[2]], int(match[3])
    else:
        return None
    return dt.date(year, month, day)


def file_description(description: dict, source: str) -> dict:
    """The `bestanden:` entry of corpus.yaml for this file (by relative path or by name, any case)."""
    name = entry_name(description, source)
    return dict(description["bestanden"][name] or {}) if name is not None else {}


def entry_name(description: dict, source: str) -> str | None:
    """The key in `bestanden:` that names this file: exactly, else ignoring case; None if there is none."""
    files = description.get("bestanden") or {}
    for wanted in (source, Path(source).name):
        if wanted in files:
            return wanted
    folded = {fold_name(source), fold_name(Path(source).name)}
    return next((name for name in files if fold_name(name) in folded), None)


def fold_name(name: str) -> str:
    """A file name compared the way people read it: any case, any Unicode form, / or \\ between folders."""
    return unicodedata.normalize("NFC", str(name)).casefold().replace("\\", "/")


def note_unmatched_entries(rows: list[dict], *, description: dict) -> None:
    """Warn, on corpus.yaml's row (listed with the skipped files) and in the log, about each `bestanden:`
    entry that names no file in the folder, with the closest file name as a suggestion."""
    by_name = {fold_name(Path(row["source"]).name): row["source"] for row in rows}
    by_name |= {fold_name(row["source"]): row["source"] for row in rows}
    notes = []
    for entry in description.get("bestanden") or {}:
        if fold_name(entry) not in by_name:
            close = difflib.get_close_matches(fold_name(entry), list(by_name), n=1)
            hint = f" (bedoelt u '{by_name[close[0]]}'?)" if close else ""
            notes.append(f"let op: '{entry}' onder bestanden staat niet in de map{hint}; die gegevens zijn niet "
                         "gebruikt")
    for note in notes:
        log.warning("%s: %s", CORPUS_FILE, note)
    for row in rows:
        if row["source"] == CORPUS_FILE and notes:
            row["reason"] = "; ".join([row["reason"], *notes])


def merged_meta(description: dict, file_meta: dict, record: Record) -> dict:
    """Corpus-level metadata < per-file metadata < metadata inside the file or row."""
    top = {k: v for k, v in description.items() if k in META_FIELDS or k == "soort"}
    return {**top, **file_meta, **record.meta}


def document_date(value: str | None) -> str | None:
    """A `datum` from the file itself (front matter, a table column) in Dutch notation as ISO, so that dates
    sort; anything else, even an impossible date, is kept as written (it is data, not configuration)."""
    try:
        date = parse_date(value)
    except ValueError:
        return value
    return date.isoformat() if date else value
