"""What a file really is, from its first bytes: for a reason that says what to do with a renamed file.

Only used to explain a file that is not read; a file is never read as another type than its extension says.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.readers import UnreadableInput
from pipeline.readers.text import decode_bytes, looks_like_text

# Enough to tell text from binary without reading a large file whole.
TEXT_SAMPLE_BYTES = 64 * 1024
OFFICE_FORMATS = {"docx", "xlsx"}
DISGUISE_REASONS = {
    "pdf": "is eigenlijk een pdf: hernoem het naar .pdf",
    "xlsx": "is eigenlijk een Excel-bestand: hernoem het naar .xlsx",
    "docx": "is eigenlijk een Word-bestand: hernoem het naar .docx",
    "zip": "een zip-bestand: pak het uit in de map",
    "txt": "lijkt platte tekst: geef het de extensie .txt",
}


def disguise_reason(path: Path, *, fmt: str) -> str | None:
    """A Dutch reason when the bytes of `path` show another type than its extension `fmt` (None otherwise).
    A plain zip gets one unless it is named as an Office file: it holds files, it is none itself. Text is only recognised without extension."""
    try:
        kind = sniff_kind(path) or (sniff_text(path) if not fmt else None)
    except OSError:
        return None
    if kind is None or (kind == fmt and kind != "zip") or (kind == "zip" and fmt in OFFICE_FORMATS):
        return None  # an Office file is a zip: a broken one keeps the reader's reason (zip-bom, damaged)
    return DISGUISE_REASONS[kind]


def sniff_kind(path: Path) -> str | None:
    """'pdf', 'xlsx', 'docx' or 'zip' by the file's first bytes and zip members; None for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head == b"%PDF":
        return "pdf"
    if head not in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return None  # a broken container: the reader's own reason says so
    for prefix, kind in (("xl/", "xlsx"), ("word/", "docx")):
        if any(name.startswith(prefix) for name in names):
            return kind
    return "zip"


def sniff_text(path: Path) -> str | None:
    """'txt' when the start of the file decodes as readable, non-empty text."""
    with open(path, "rb") as handle:
        sample = handle.read(TEXT_SAMPLE_BYTES)
    try:
        text, _ = decode_bytes(sample)
    except UnreadableInput:
        return None
    return "txt" if text.strip() and looks_like_text(text) else None
