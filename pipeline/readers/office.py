"""Word (.docx) and PDF documents."""

from __future__ import annotations

import html
import logging
import re
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.readers import Record, UnreadableInput
from pipeline.readers.text import separate_headings
from pipeline.sentences import SENTENCE_END

# Old binary Office files (.doc/.xls) and password-protected .docx/.xlsx are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_MEMBERS = 10_000
_PARAGRAPH_END = re.compile(r"</(?:\w+:)?p>")
_TEXT_RUN = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_WORD_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# The text as Word shows it with every tracked change accepted: inserted (w:ins) and moved-in runs count,
# deleted (w:del) and moved-away runs do not. python-docx's paragraph.text skips w:ins, fields and content
# controls. Text boxes and the fallback copy of alternative content stay out, as python-docx leaves them.
_VISIBLE_RUNS = etree.XPath(".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent "
                            "or ancestor::mc:Fallback)]", namespaces=_WORD_NS)
_CELL_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::w:txbxContent or ancestor::mc:Fallback)]", namespaces=_WORD_NS)
_TABLE_CELLS = etree.XPath("./w:tr/w:tc", namespaces=_WORD_NS)


def check_zip_container(path: Path, *, max_unpacked_mb: float) -> None:
    """Refuse broken zips, protected or old-format Office files and zip bombs before a library unpacks them."""
    with open(path, "rb") as handle:
        if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
            raise UnreadableInput("beveiligd met een wachtwoord of in het oude Office-formaat (.doc/.xls); "
                                  "open het en sla het op als .docx/.xlsx zonder wachtwoord")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise UnreadableInput("beschadigd of geen echt Office-bestand (geen geldige zip-container)") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnreadableInput(f"bevat meer dan {MAX_ZIP_MEMBERS} onderdelen; geen gewoon Office-bestand")
    # Python's zipfile never unpacks more than the declared sizes (a lying header fails its CRC check).
    unpacked = sum(info.file_size for info in members)
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
    except Exception as error:  # python-docx raises many types for broken or unusual files
        return [Record(text=docx_text_fallback(path, error))]
    parts = [paragraph_text(p._p) for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell_text(tc) for tc in _TABLE_CELLS(table._tbl))
    parts = [part for part in parts if part.strip()]
    props = document.core_properties
    meta = {key: value for key, value in (("titel", props.title), ("onderwerp", props.subject)) if value}
    return [Record(text="\n\n".join(parts), meta=meta)]


def paragraph_text(paragraph) -> str:
    """A w:p element's text with all tracked changes accepted."""
    return "".join(run.text for run in _VISIBLE_RUNS(paragraph))


def cell_text(cell) -> str:
    """A w:tc element's paragraphs (nested tables included), one per line. Each cell counts once: python-docx
    repeats merged cells for every grid column and row they span; the rows below a vertical merge are empty."""
    return "\n".join(paragraph_text(p) for p in _CELL_PARAGRAPHS(cell))


def docx_text_fallback(path: Path, error: Exception) -> str:
    """Text runs straight from word/document.xml, for files python-docx refuses (e.g. 'strict' Open XML)."""
    reason = f"Word-bestand kan niet worden gelezen ({type(error).__name__})"
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):  # zlib errors are ValueErrors too
        raise UnreadableInput(reason) from None
    paragraphs = ("".join(_TEXT_RUN.findall(chunk)) for chunk in _PARAGRAPH_END.split(xml))
    text = "\n\n".join(html.unescape(p) for p in paragraphs if p.strip())
    if not text.strip():
        raise UnreadableInput(reason)
    return text


def read_pdf(path: Path) -> list[Record]:
    """A PDF is one document; pages are joined. Image-only and password-protected PDFs are refused."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files produce pages of warnings
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise UnreadableInput("pdf is beveiligd met een wachtwoord; sla het op zonder wachtwoord")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableInput:
        raise
    except Exception as error:  # pypdf raises many types for broken files
        raise UnreadableInput(f"pdf is beschadigd en kan niet worden gelezen ({type(error).__name__})") from None
    text = join_pages([separate_headings(page) for page in pages])
    if not text.strip():
        raise UnreadableInput("pdf bevat geen tekst (alleen afbeeldingen, bijvoorbeeld een scan); OCR is nodig")
    return [Record(text=text)]


def join_pages(pages: list[str]) -> str:
    """Pages with a blank line between them, which ends a sentence (pipeline.sentences); a page that
    stops in the middle of a sentence runs on into the next with a plain line break."""
    text = ""
    for page in (p.strip() for p in pages):
        if page:
            text += ("\n\n" if text.endswith(SENTENCE_END) else "\n") + page if text else page
    return text


def _opens_without_password(reader) -> bool:
    """PDFs protected only against printing or copying open with an empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # missing crypto backend, unsupported algorithm: treat as protected
        return False
