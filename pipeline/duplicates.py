"""Of identical input files (or texts) one is analysed; the others are listed as duplicates of it.

In: the (documents, inputs row) of every file, in name order, and the corpus description; out: the same
results with duplicates skipped ('dubbel: zelfde inhoud als X', 'dubbel: zelfde tekst als X', always naming the
file that was analysed). Which file is kept: the one with a corpus.yaml entry, else the one whose name is not a
copy's ('Kopie van ...', '... (1)'), else the one with the most identical copies, else the first by name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.corpus_description import entry_name, file_description

# Names a copy gets from Windows, macOS, Office, SharePoint or a browser download ('Kopie van x', 'x (1)').
_COPY_NAME = re.compile(r"^(kopie van|copy of) |( - kopie| - copy| kopie| copy)( \(\d+\)| \d+)?$| \(\d+\)$")


def drop_duplicate_files(results: list[tuple[list[dict], dict]], *,
                         description: dict) -> list[tuple[list[dict], dict]]:
    """Of files (or texts) with the same content keep one: the one with a corpus.yaml entry, else the one
    whose name is not a copy's, else the one with the most identical copies (the original the copies were
    made from), else the first by name. Results stay in their order; the rest is skipped."""
    seen_files: dict[str, str] = {}
    seen_docs: dict[str, str] = {}
    kept = tag_column_reads(results, description=description)
    # one export read for another answer column (another question) is no duplicate
    keys = [f"{row['sha256']}:{file_description(description, row['source']).get('antwoordkolom') or ''}"
            for _, row in results]
    copies = {key: keys.count(key) for key in keys}
    order = sorted(range(len(results)), key=lambda i: keep_preference(
        results[i][1]["source"], description, i, copies=copies[keys[i]] if results[i][1]["sha256"] else 1))
    for i in order:
        kept[i] = drop_duplicates(kept[i], results[i][1], seen_files=seen_files, seen_docs=seen_docs,
                                  content_key=keys[i])
    return [(docs, row) for docs, (_, row) in zip(kept, results)]


def tag_column_reads(results: list[tuple[list[dict], dict]], *, description: dict) -> list[list[dict]]:
    """The documents of each result; when one export is read once per answer column (corpus.yaml entries with
    different `antwoordkolom`), their doc ids get the column, as the same answer in the same row of two
    columns is no duplicate. Other files keep their ids, so earlier corrections still apply."""
    columns = [str(file_description(description, row["source"]).get("antwoordkolom") or "") for _, row in results]
    reads: dict[str, set[str]] = {}
    for (_, row), column in zip(results, columns):
        reads.setdefault(row.get("sha256") or "", set()).add(column)
    return [[doc | {"doc_id": hashlib.sha256(f"{column}:{doc['doc_id']}".encode("utf-8")).hexdigest()[:16]}
             for doc in docs] if row.get("sha256") and len(reads[row["sha256"]]) > 1 else docs
            for (docs, row), column in zip(results, columns)]


def keep_preference(source: str, description: dict, position: int, *,
                    copies: int = 1) -> tuple[bool, bool, int, int]:
    """Sort key: which of identical files is kept (lowest first). `copies`: files with the same bytes."""
    return entry_name(description, source) is None, looks_like_copy(source), -copies, position


def looks_like_copy(source: str) -> bool:
    """'Kopie van notitie.docx', 'notitie - Copy.docx', 'notitie (1).docx', ..."""
    return bool(_COPY_NAME.search(Path(source).stem.casefold()))


def drop_duplicates(docs: list[dict], row: dict, *, seen_files: dict[str, str],
                    seen_docs: dict[str, str], content_key: str | None = None) -> list[dict]:
    """Leave out a file (or document) already read from another file, saying which one: the file that was
    analysed, also for a copy of a file that was itself left out. `content_key`: what makes two files the
    same (default: their sha256)."""
    if row["status"] != "analysed":
        return docs
    content_key = content_key or row["sha256"]
    if content_key in seen_files:
        row.update(status="skipped", n_documents=0, reason=seen_files[content_key])
        return []
    seen_files[content_key] = f"dubbel: zelfde inhoud als {row['source']}"
    unique = [d for d in docs if d["doc_id"] not in seen_docs]
    for doc in unique:
        seen_docs[doc["doc_id"]] = row["source"]
    if not unique:
        first = seen_docs[docs[0]["doc_id"]]
        row.update(status="skipped", n_documents=0, reason=f"dubbel: zelfde tekst als {first}")
        seen_files[content_key] = row["reason"]  # its copies point to the file analysed, not to this one
    elif len(unique) < len(docs):
        note = f"{len(docs) - len(unique)} teksten dubbel (al gelezen uit een ander bestand)"
        row.update(n_documents=len(unique), reason="; ".join(filter(None, [row["reason"], note])))
    return unique
