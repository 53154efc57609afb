"""A corpus folder becomes a documents table; every input file is accounted for.

Each file ends as `analysed` (one or more documents) or `skipped` with a Dutch reason. Metadata
comes, weakest first, from corpus.yaml (top level, then `bestanden:` per file), the file itself
(front matter, document properties) and table columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.config import ConfigError, IngestSettings
from pipeline.readers import Record, UnreadableInput
from pipeline.readers.office import read_docx, read_pdf
from pipeline.readers.tables import read_csv, read_xlsx
from pipeline.readers.text import read_markdown, read_text

CORPUS_FILE = "corpus.yaml"
META_FIELDS = ["bijeenkomst", "datum", "gemeente", "vraag", "rol", "respondent"]
DOCUMENT_COLUMNS = ["doc_id", "source", "format", "kind", "row", "text", *META_FIELDS, "language", "n_words"]
INPUT_COLUMNS = ["source", "format", "sha256", "bytes", "status", "reason", "n_documents"]
TABLE_FORMATS = {"csv", "xlsx"}
SUPPORTED = {"txt", "md", "docx", "pdf", "csv", "xlsx"}


@dataclass
class IngestResult:
    """documents: one row per document; inputs: one row per file found (analysed or skipped)."""

    corpus_name: str
    documents: pd.DataFrame
    inputs: pd.DataFrame


def ingest_corpus(folder: Path, *, settings: IngestSettings,
                  on_progress: Callable[[int, int], None] | None = None) -> IngestResult:
    """Read every file below `folder` into documents; list what cannot be analysed with a reason."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"De map '{folder}' bestaat niet of is geen map. Geef een map met notities of antwoorden.")
    description = read_corpus_description(folder)
    ignored = set(description.get("negeren", []) or [])
    documents, inputs = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        source = path.relative_to(folder).as_posix()
        file_docs, file_input = ingest_file(path, folder=folder, source=source, settings=settings,
                                            description=description, ignored=ignored)
        documents.extend(file_docs)
        inputs.append(file_input)
        if on_progress:
            on_progress(1, sum(d["n_words"] for d in file_docs))
    name = str(description.get("naam") or folder.resolve().name)
    return IngestResult(name, pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
                        pd.DataFrame(inputs, columns=INPUT_COLUMNS))


def read_corpus_description(folder: Path) -> dict[str, Any]:
    """corpus.yaml in the folder, or an empty description."""
    path = folder / CORPUS_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is geen geldige YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} moet sleutels met waarden bevatten (naam, bestanden, ...).")
    return data


def ingest_file(path: Path, *, folder: Path, source: str, settings: IngestSettings,
                description: dict, ignored: set[str]) -> tuple[list[dict], dict]:
    """Documents from one file, and its row for the inputs table."""
    fmt = path.suffix.lower().lstrip(".")
    row = {"source": source, "format": fmt, "sha256": "", "bytes": 0, "status": "skipped", "reason": "",
           "n_documents": 0}
    try:
        check_file(path, folder=folder, source=source, fmt=fmt, settings=settings, ignored=ignored)
        data = path.read_bytes()
        row.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
        file_meta = file_description(description, source)
        records = read_records(path, fmt=fmt, settings=settings, file_meta=file_meta)
        docs = [make_document(r, source=source, fmt=fmt, file_sha=row["sha256"],
                              meta=merged_meta(description, file_meta, r), ) for r in records]
        docs = [d for d in docs if d["text"].strip()]
        if not docs:
            raise UnreadableInput("leeg: geen tekst gevonden")
    except UnreadableInput as reason:
        row["reason"] = str(reason)
        return [], row
    except OSError as error:
        row["reason"] = f"onleesbaar: {error.strerror or error}"
        return [], row
    row.update(status="analysed", n_documents=len(docs))
    return docs, row


def check_file(path: Path, *, folder: Path, source: str, fmt: str, settings: IngestSettings,
               ignored: set[str]) -> None:
    """Raise UnreadableInput for files that must not be read at all."""
    if source == CORPUS_FILE:
        raise UnreadableInput("beschrijving van het corpus (metadata, geen tekst om te analyseren)")
    if source in ignored or path.name in ignored:
        raise UnreadableInput("uitgesloten in corpus.yaml (negeren)")
    if any(part.startswith(".") for part in Path(source).parts):
        raise UnreadableInput("verborgen bestand")
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise UnreadableInput("snelkoppeling naar een bestand buiten de corpusmap; niet gevolgd")
    if not path.exists():
        raise UnreadableInput("snelkoppeling wijst naar een bestand dat niet bestaat")
    if fmt not in SUPPORTED:
        raise UnreadableInput(f"bestandstype .{fmt} wordt niet ondersteund "
                              f"(wel: {', '.join(sorted(SUPPORTED))})" if fmt else "bestand zonder extensie wordt niet ondersteund")
    size_mb = path.stat().st_size / 1024 / 1024
    if size_mb > settings.max_file_mb:
        raise UnreadableInput(f"te groot ({size_mb:.0f} MB; grens {settings.max_file_mb:g} MB: ingest.max_file_mb)")
    if size_mb == 0:
        raise UnreadableInput("leeg bestand (0 bytes)")


def file_description(description: dict, source: str) -> dict:
    """The `bestanden:` entry of corpus.yaml for this file (by relative path or by name)."""
    files = description.get("bestanden") or {}
    return dict(files.get(source) or files.get(Path(source).name) or {})


def read_records(path: Path, *, fmt: str, settings: IngestSettings, file_meta: dict) -> list[Record]:
    """Dispatch to the reader for `fmt`."""
    table_options = dict(answer_columns=settings.answer_columns, respondent_columns=settings.respondent_columns,
                         answer_column=file_meta.get("antwoordkolom"),
                         respondent_column=file_meta.get("respondentkolom"), max_rows=settings.max_rows)
    readers: dict[str, Callable[[], list[Record]]] = {
        "txt": lambda: read_text(path),
        "md": lambda: read_markdown(path),
        "docx": lambda: read_docx(path, max_unpacked_mb=settings.max_unpacked_mb),
        "pdf": lambda: read_pdf(path),
        "csv": lambda: read_csv(path, **table_options),
        "xlsx": lambda: read_xlsx(path, **table_options, max_unpacked_mb=settings.max_unpacked_mb),
    }
    return readers[fmt]()


def merged_meta(description: dict, file_meta: dict, record: Record) -> dict:
    """Corpus-level metadata < per-file metadata < metadata inside the file or row."""
    top = {k: v for k, v in description.items() if k in META_FIELDS or k == "soort"}
    return {**top, **file_meta, **record.meta}


def make_document(record: Record, *, source: str, fmt: str, file_sha: str, meta: dict) -> dict:
    """A documents-table row; doc_id is a content hash (file hash + row for table answers)."""
    text = record.text.replace("\r\n", "\n").strip()
    key = text if record.row is None else f"{file_sha}:{record.row}:{text}"
    kind = str(meta.get("soort") or ("antwoord" if fmt in TABLE_FORMATS else "notitie"))
    doc = {"doc_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], "source": source, "format": fmt,
           "kind": kind, "row": record.row, "text": text, "language": "onbekend", "n_words": len(text.split())}
    for field in META_FIELDS:
        value = meta.get(field)
        doc[field] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else (
            None if value in (None, "") else str(value))
    return doc
