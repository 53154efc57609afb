"""Word (.docx) and PDF documents."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.readers import Record, UnreadableInput


def check_zip_container(path: Path, *, max_unpacked_mb: float) -> None:
    """Refuse broken zips and zip bombs before a library unpacks them."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableInput("beschadigd of geen echt Office-bestand (geen geldige zip-container)") from None
    if unpacked > max_unpacked_mb * 1024 * 1024:
        raise UnreadableInput(
            f"uitgepakt groter dan {max_unpacked_mb:g} MB (mogelijke zip-bom); grens: ingest.max_unpacked_mb"
        )


def read_docx(path: Path, *, max_unpacked_mb: float) -> list[Record]:
    """A Word document is one document: paragraphs and table cells, in order."""
    import docx

    check_zip_container(path, max_unpacked_mb=max_unpacked_mb)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many types for broken files
        raise UnreadableInput(f"Word-bestand kan niet worden gelezen ({type(error).__name__})") from None
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells if cell.text.strip())
    props = document.core_properties
    meta = {key: value for key, value in (("titel", props.title), ("onderwerp", props.subject)) if value}
    return [Record(text="\n\n".join(parts), meta=meta)]


def read_pdf(path: Path) -> list[Record]:
    """A PDF is one document; pages are joined. Image-only and encrypted PDFs are refused."""
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise UnreadableInput("pdf is beveiligd met een wachtwoord")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableInput:
        raise
    except Exception as error:  # pypdf raises many types for broken files
        raise UnreadableInput(f"pdf kan niet worden gelezen ({type(error).__name__})") from None
    text = "\n\n".join(pages)
    if pages and not text.strip():
        raise UnreadableInput("pdf bevat geen tekst (alleen afbeeldingen, bijvoorbeeld een scan); OCR is nodig")
    return [Record(text=text)]
