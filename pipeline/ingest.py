"""A corpus folder becomes a documents table; every input file is accounted for.

Each file ends as `analysed` (one or more documents) or `skipped` with a Dutch reason; of identical
files one is read (pipeline.duplicates). Metadata comes, weakest first, from corpus.yaml (top level, then `bestanden:` per
file), the file itself (front matter, document properties) and table columns. corpus.yaml is checked
before anything is read: unknown keys and impossible dates are a ConfigError.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError, IngestSettings
from pipeline.corpus_description import (CORPUS_FILE, META_FIELDS, document_date, file_description,
                                         fold_name, merged_meta, note_unmatched_entries, read_corpus_description)
from pipeline.duplicates import drop_duplicate_files
from pipeline.readers import Record, Records, UnreadableInput
from pipeline.readers.office import read_docx, read_pdf
from pipeline.readers.sniff import disguise_reason
from pipeline.readers.tables import find_column, first_column, read_csv
from pipeline.readers.workbooks import read_xlsx
from pipeline.readers.text import decode_bytes, normalise_text, read_markdown, tab_table_header, text_records

log = logging.getLogger(__name__)

DOCUMENT_COLUMNS = ["doc_id", "source", "format", "kind", "row", "text", *META_FIELDS, "language", "n_words"]
INPUT_COLUMNS = ["source", "format", "sha256", "bytes", "status", "reason", "n_documents"]
TABLE_FORMATS = {"csv", "xlsx"}
SUPPORTED = {"txt", "md", "docx", "pdf", "csv", "xlsx"}
# What to do with a format we do not read, when there is a good answer.
FORMAT_HINTS = {"doc": "sla het op als .docx", "rtf": "sla het op als .docx", "odt": "sla het op als .docx of .pdf",
                "xls": "sla het op als .xlsx", "ods": "sla het op als .xlsx of .csv"}
# Longer texts are split into parts at paragraph (else sentence, else word) boundaries, so that one huge
# file never meets spaCy's 1,000,000-character limit and parser memory stays bounded.
MAX_DOCUMENT_CHARS = 100_000
# No Dutch word is this long; such strings are base64 images, hashes or tracking URLs, and they make
# character-based steps (theme matching, wordles) slow. They are left out and counted.
MAX_WORD_CHARS = 100
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


@dataclass
class IngestResult:
    """documents: one row per document; inputs: one row per file found (analysed or skipped)."""

    corpus_name: str
    documents: pd.DataFrame
    inputs: pd.DataFrame


def ingest_corpus(folder: Path, *, settings: IngestSettings,
                  on_progress: Callable[[int, int], None] | None = None) -> IngestResult:
    """Read every file below `folder` into documents; list what cannot be analysed with a reason. Which
    files were skipped is said on the console by the caller, once, after the language check skips more
    (warn_skipped in stages.run_ingest)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"De map '{folder}' bestaat niet of is geen map. Geef een map met notities of antwoorden.")
    description = read_corpus_description(folder)
    ignored = set(description.get("negeren", []))
    results = []
    for path, source in walk_corpus(folder):
        file_docs, file_input = ingest_file(path, folder=folder, source=source, settings=settings,
                                            description=description, ignored=ignored)
        results.append((file_docs, file_input))
        if on_progress:
            on_progress(1, sum(d["n_words"] for d in file_docs))
    results = drop_duplicate_files(results, description=description)
    note_unmatched_entries([row for _, row in results], description=description)
    name = str(description.get("naam") or folder.resolve().name)
    return IngestResult(name, pd.DataFrame([d for docs, _ in results for d in docs], columns=DOCUMENT_COLUMNS),
                        pd.DataFrame([row for _, row in results], columns=INPUT_COLUMNS))


IGNORED_REASON = "uitgesloten in corpus.yaml (negeren)"


def warn_skipped(rows: list[dict], *, shown: int = 5) -> None:
    """Say on the console which files were not analysed (all of them are in inputs.csv and the report); not the
    files the user left out on purpose (`negeren` in corpus.yaml)."""
    skipped = [row for row in rows if row["status"] != "analysed" and row["source"] != CORPUS_FILE
               and row["reason"] != IGNORED_REASON]
    if skipped:
        listed = "; ".join(f"{row['source']} ({row['reason']})" for row in skipped[:shown])
        more = f"; en {len(skipped) - shown} meer" if len(skipped) > shown else ""
        log.warning("%d bestand(en) overgeslagen (zie inputs.csv en het rapport): %s%s", len(skipped), listed, more)


def walk_corpus(folder: Path) -> Iterator[tuple[Path, str]]:
    """(path, source) for every file below `folder`, sorted; symlinked folders are listed, not entered."""
    found = []

    def unreadable(error: OSError) -> None:  # listed, so that its files do not vanish without a word
        if error.filename and Path(error.filename) != folder:
            found.append((Path(error.filename), display_name(Path(error.filename).relative_to(folder).as_posix())))

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        linked = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = sorted(d for d in dirs if d not in linked)
        for name in [*files, *linked]:
            path = Path(root, name)
            found.append((path, display_name(path.relative_to(folder).as_posix())))
    return iter(sorted(found, key=lambda item: item[1]))


def display_name(source: str) -> str:
    """A file name that can be written anywhere: undecodable bytes (surrogates) read as cp1252."""
    try:
        source.encode("utf-8")
        return source
    except UnicodeEncodeError:
        raw = source.encode("utf-8", errors="surrogateescape")
        return raw.decode("cp1252", errors="replace")


def ingest_file(path: Path, *, folder: Path, source: str, settings: IngestSettings,
                description: dict, ignored: set[str]) -> tuple[list[dict], dict]:
    """Documents from one file, and its row for the inputs table."""
    fmt = path.suffix.lower().lstrip(".")
    row = {"source": source, "format": fmt, "sha256": "", "bytes": 0, "status": "skipped", "reason": "",
           "n_documents": 0, **fingerprint(path, folder=folder, max_mb=settings.max_file_mb)}
    try:
        check_file(path, folder=folder, source=source, fmt=fmt, settings=settings, ignored=ignored)
        if not row["sha256"]:  # could not be read a moment ago; let the reader say why
            path.open("rb").close()
        file_meta = file_description(description, source)
        records = with_column_questions(read_records(path, fmt=fmt, settings=settings, file_meta=file_meta),
                                        file_meta=file_meta)
        docs, notes = documents_from_records(records, source=source, fmt=fmt, file_sha=row["sha256"],
                                             description=description, file_meta=file_meta)
        if not docs:
            raise UnreadableInput("leeg: geen tekst gevonden")
    except UnreadableInput as reason:
        row["reason"] = str(reason)
        return [], row
    except OSError as error:
        row["reason"] = os_error_reason(error)
        return [], row
    except Exception as error:  # a reader bug must not end the run; the file is listed with the error
        log.warning("Onverwachte fout bij het lezen van %s", source, exc_info=True)
        row["reason"] = f"onverwachte fout bij het lezen ({type(error).__name__}); meld dit met het bestand erbij"
        return [], row
    notes = [*getattr(records, "notes", []), *notes]
    row.update(status="analysed", n_documents=len(docs), reason="; ".join(notes))
    return docs, row


def fingerprint(path: Path, *, folder: Path, max_mb: float) -> dict:
    """sha256 and bytes of a regular file inside the corpus folder, read in chunks; only the size for a file
    ingest will not read anyway (larger than `max_mb`, or hidden: a '.git' folder holds thousands); {} for
    anything else (a pipe would block, a link out of the folder is not followed) or a file that cannot be read."""
    try:
        if not path.is_file() or not path.resolve().is_relative_to(folder.resolve()):
            return {}
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024 or any(part.startswith(".") for part in path.relative_to(folder).parts):
            return {"bytes": size}
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop, on Python < 3.13
        return {}
    return {"sha256": digest.hexdigest(), "bytes": size}


def os_error_reason(error: OSError) -> str:
    """A Dutch reason for a file the operating system will not give us."""
    reasons = {errno.EACCES: "geen leesrechten", errno.EPERM: "geen leesrechten",
               errno.ENOENT: "bestand verdwenen tijdens het inlezen", errno.ELOOP: "snelkoppeling in een kring",
               errno.EISDIR: "is een map", errno.EIO: "leesfout van de schijf"}
    return f"onleesbaar: {reasons.get(error.errno, f'besturingssysteem meldt fout {error.errno}')}"


def documents_from_records(records: list[Record], *, source: str, fmt: str, file_sha: str, description: dict,
                           file_meta: dict) -> tuple[list[dict], list[str]]:
    """Documents for the non-empty records (long texts become several parts), and Dutch notes."""
    docs, n_long_words, n_split = [], 0, 0
    for record in records:
        meta = merged_meta(description, file_meta, record)
        text, dropped = drop_long_words(normalise_text(record.text))
        parts = split_long_text(text)
        n_long_words, n_split = n_long_words + dropped, n_split + (len(parts) if len(parts) > 1 else 0)
        for n, part in enumerate(parts, start=1):
            key_part = f"{file_sha}:deel-{n}" if len(parts) > 1 else None
            docs.append(make_document(Record(part, record.meta, record.row), source=source, fmt=fmt,
                                      file_sha=file_sha, meta=meta, part=key_part))
    notes = [f"{n_long_words} extreem lange 'woorden' (meer dan {MAX_WORD_CHARS} tekens, bijvoorbeeld ingesloten "
             "afbeeldingen of codes) weggelaten" if n_long_words else "",
             f"lange tekst in {n_split} delen gesplitst" if n_split else ""]
    return [d for d in docs if d["text"]], [n for n in notes if n]


def drop_long_words(text: str) -> tuple[str, int]:
    """Remove 'words' longer than MAX_WORD_CHARS; returns (text, number removed)."""
    return _LONG_WORD.subn("", text)


def split_long_text(text: str, *, limit: int = MAX_DOCUMENT_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last paragraph, sentence or word end."""
    parts = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        for mark in (". ", " "):
            if cut < limit // 2:
                cut = window.rfind(mark) + len(mark) - 1
        cut = cut if cut >= limit // 2 else limit
        parts.append(text[:cut].strip())
        text = text[cut:].strip()
    return [p for p in [*parts, text] if p]


def check_file(path: Path, *, folder: Path, source: str, fmt: str, settings: IngestSettings,
               ignored: set[str]) -> None:
    """Raise UnreadableInput for files that must not be read at all."""
    if source == CORPUS_FILE:
        raise UnreadableInput("beschrijving van het corpus (metadata, geen tekst om te analyseren)")
    if {fold_name(source), fold_name(path.name)} & {fold_name(name) for name in ignored}:
        raise UnreadableInput(IGNORED_REASON)
    if any(part.startswith(".") for part in Path(source).parts):
        raise UnreadableInput("verborgen bestand")
    if path.name.startswith("~$"):
        raise UnreadableInput("tijdelijk bestand van Word of Excel (~$...), geen document")
    if path.is_symlink() and not path.exists():
        raise UnreadableInput("snelkoppeling wijst naar een bestand dat niet bestaat")
    if not path.resolve().is_relative_to(folder.resolve()):
        kind = "een map" if path.is_dir() else "een bestand"
        raise UnreadableInput(f"snelkoppeling naar {kind} buiten de corpusmap; niet gevolgd")
    if path.is_dir() and path.is_symlink():
        raise UnreadableInput("snelkoppeling naar een map; niet gevolgd (zet de bestanden zelf in de corpusmap)")
    if path.is_dir():
        raise UnreadableInput("map kan niet worden gelezen (geen leesrechten); de bestanden erin zijn niet gelezen")
    if not path.is_file():
        raise UnreadableInput("geen gewoon bestand (apparaat, pijp of socket)")
    if not fmt:
        raise UnreadableInput(disguise_reason(path, fmt=fmt) or "bestand zonder extensie wordt niet ondersteund")
    if fmt not in SUPPORTED:
        hint = f"; {FORMAT_HINTS[fmt]}" if fmt in FORMAT_HINTS else ""
        raise UnreadableInput(disguise_reason(path, fmt=fmt) or
                              f"bestandstype .{fmt} wordt niet ondersteund (wel: {', '.join(sorted(SUPPORTED))}){hint}")
    size_mb = path.stat().st_size / 1024 / 1024
    if size_mb > settings.max_file_mb:
        raise UnreadableInput(f"te groot ({size_mb:.0f} MB; grens {settings.max_file_mb:g} MB: ingest.max_file_mb)")
    if size_mb == 0:
        raise UnreadableInput("leeg bestand (0 bytes)")


def read_records(path: Path, *, fmt: str, settings: IngestSettings, file_meta: dict) -> list[Record]:
    """Dispatch to the reader for `fmt`."""
    table_options = dict(answer_columns=settings.answer_columns, respondent_columns=settings.respondent_columns,
                         answer_column=file_meta.get("antwoordkolom"),
                         respondent_column=file_meta.get("respondentkolom"), max_rows=settings.max_rows)
    readers: dict[str, Callable[[], list[Record]]] = {
        "txt": lambda: read_plain_text(path, table_options=table_options),
        "md": lambda: read_markdown(path),
        "docx": lambda: read_docx(path, max_unpacked_mb=settings.max_unpacked_mb),
        "pdf": lambda: read_pdf(path),
        "csv": lambda: read_csv(path, **table_options),
        "xlsx": lambda: read_xlsx(path, **table_options, max_unpacked_mb=settings.max_unpacked_mb),
    }
    try:
        return readers[fmt]()
    except UnreadableInput as error:  # a renamed file ('x.docx' that is a pdf) is told what it really is
        raise UnreadableInput(disguise_reason(path, fmt=fmt) or str(error)) from None


TAB_TABLE = "gelezen als tabel (tab als scheidingsteken)"
TAB_NOTE = ("tabs als in een tabel, maar geen antwoordkolom: gelezen als notitie (antwoorden? noem de kolom in "
            "corpus.yaml: antwoordkolom)")


def read_plain_text(path: Path, *, table_options: dict) -> list[Record]:
    """A .txt file is one note, or a table of answers when it is a tab-separated table with an answer column
    (an export saved as Excel's 'Tekst (tab als scheidingsteken)'): then it is read as a .csv is, and its row in
    inputs.csv says so. Tab-shaped text without an answer column (a transcript 'Petra:<tab>...', a form
    'Datum:<tab>12 mei') stays a note: never skipped, and its first line is never quoted as column names."""
    text, encoding = decode_bytes(path.read_bytes())
    header = tab_table_header(text)
    if header is None:
        return text_records(text, encoding=encoding)
    if find_column(header, wanted=first_column(table_options["answer_column"]),
                   candidates=table_options["answer_columns"]) is None:
        return Records(text_records(text, encoding=encoding), notes=[TAB_NOTE])
    try:
        records = read_csv(path, **table_options, delimiter="\t")
    except UnreadableInput as error:
        raise UnreadableInput(f"{TAB_TABLE}: {error}") from None
    return Records(records, notes=[f"{TAB_TABLE}: elke rij is een antwoord", *records.notes])


def with_column_questions(records: list[Record], *, file_meta: dict) -> list[Record]:
    """With a list of answer columns each column is its own question: the `vraag` given for it in corpus.yaml
    (a list, in the same order), else the column header. One `vraag` for all columns makes them one question."""
    columns, questions = file_meta.get("antwoordkolom"), file_meta.get("vraag")
    if not isinstance(columns, list) or isinstance(questions, str):
        return records
    given = dict(zip((c.strip().lower() for c in columns), questions)) if isinstance(questions, list) else {}
    for record in records:
        if "kolom" in record.meta:
            record.meta["vraag"] = given.get(record.meta["kolom"].strip().lower(), record.meta["kolom"])
    return records


def make_document(record: Record, *, source: str, fmt: str, file_sha: str, meta: dict,
                  part: str | None = None) -> dict:
    """A documents-table row; doc_id is a content hash (file hash + sheet + row for table answers)."""
    text = normalise_text(record.text)
    key = text if record.row is None else f"{file_sha}:{record.row}:{text}"
    if record.meta.get("blad"):
        key = f"{record.meta['blad']}:{key}"
    if record.meta.get("kolom"):  # one of a list of answer columns; see records_from_table
        key = f"{record.meta['kolom']}:{key}"
    if part:
        key = f"{part}:{key}"
    # a row number: an answer from a table, also from a tab-separated .txt
    kind = str(meta.get("soort") or ("antwoord" if fmt in TABLE_FORMATS or record.row is not None else "notitie"))
    doc = {"doc_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], "source": source, "format": fmt,
           "kind": kind, "row": record.row, "text": text, "language": "onbekend", "n_words": len(text.split())}
    for field in META_FIELDS:
        value = meta.get(field)
        doc[field] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else (
            None if value in (None, "") else str(value))
    if isinstance(meta.get("datum"), str):  # a date object is already exact; a time in it is kept
        doc["datum"] = document_date(doc["datum"])
    return doc


