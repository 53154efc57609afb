"""Plain text and Markdown (with optional YAML front matter), with encoding detection."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

import yaml

from pipeline.readers import Record, UnreadableInput
from pipeline.sentences import CLOSING, SENTENCE_END

# Bytes undefined in cp1252: their presence means the file is not cp1252 text.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes; return (text, encoding). Tries BOMs, UTF-8, UTF-16, mixed UTF-8/cp1252, cp1252, Latin-1.

    'Mixed' is UTF-8 with some cp1252 bytes, as when text from an old Word document is pasted into a
    UTF-8 file: each invalid byte is read as cp1252 instead of spoiling the whole file.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict_decode(data, encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return _strict_decode(data, utf16), utf16
    if b"\x00" in data:
        raise UnreadableInput("binair bestand: bevat geen leesbare tekst")
    if _UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors=_MIXED_ERRORS), "utf-8+cp1252"
    if not _CP1252_UNDEFINED.intersection(data):
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read the offending byte as cp1252 (Latin-1 where cp1252 has no character)."""
    byte = error.object[error.start:error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


_MIXED_ERRORS = "ontmoeting-cp1252-fallback"
codecs.register_error(_MIXED_ERRORS, _cp1252_fallback)
# A well-formed UTF-8 sequence for a character outside ASCII (two to four bytes).
_UTF8_MULTIBYTE = re.compile(rb"[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}")


def _strict_decode(data: bytes, encoding: str) -> str:
    """Decode; a few broken bytes (a truncated last character) are replaced, many mean a damaged file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(2, len(text) // 100):
        raise UnreadableInput(f"verkeerde tekencodering: bestand lijkt {encoding} maar is beschadigd")
    return text


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: Dutch text has a NUL in (nearly) every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def normalise_text(text: str) -> str:
    """One form for the same text: NFC, '\\n' line ends, no NUL, soft hyphens or zero-width characters,
    no-break spaces as spaces, outer white space stripped."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return text.strip()


_INVISIBLE = {0x00: None, 0xAD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None, 0x2060: None,
              0xA0: " ", 0x202F: " ", 0x2007: " ", 0x2028: "\n", 0x2029: "\n\n"}


def looks_like_text(text: str) -> bool:
    """False for decoded binary junk: too many control characters."""
    if not text:
        return True
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / min(len(text), 20000) < 0.01


def read_text(path: Path) -> list[Record]:
    """A .txt file is one document."""
    text, encoding = decode_bytes(path.read_bytes())
    return text_records(text, encoding=encoding)


def text_records(text: str, *, encoding: str) -> list[Record]:
    """Decoded plain text as one document: wrapped lines rejoined, headings apart; binary junk refused."""
    if not looks_like_text(text):
        raise UnreadableInput("binair bestand: bevat geen leesbare tekst")
    return [Record(text=separate_headings(undouble_line_spacing(text)), meta={"encoding": encoding})]


def tab_table_header(text: str, *, min_rows: int = 3) -> list[str] | None:
    """The header of decoded text that is shaped as a tab-separated table (Excel's 'Tekst (tab als
    scheidingsteken)'), else None: at least `min_rows` non-empty records, all with the same number (two or more)
    of cells, a header without empty cells. Records follow csv rules, so a quoted answer typed over several lines
    (Alt+Enter) is one cell. A note with tabs in some lines, or a list indented with one tab, is no table."""
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t") if any(cell.strip() for cell in row)]
    except csv.Error:  # a cell beyond csv's field size limit: a long note, not an export
        return None
    widths = {len(row) for row in rows}
    if len(rows) < min_rows or len(widths) != 1 or widths == {1} or not all(cell.strip() for cell in rows[0]):
        return None
    return rows[0]


def undouble_line_spacing(text: str, *, min_lines: int = 8) -> str:
    """Text from a PDF converter that puts a blank line after every wrapped line, with single line breaks.

    A blank line ends a sentence (pipeline.sentences), so such text would fall apart into its lines. It is
    recognised by blank lines between nearly all lines while most lines stop mid-sentence and the next line
    goes on in lower case; a note whose paragraphs are one line each (ending with a full stop) and a list of
    titles or items (each starting anew) keep their blank lines. Two or more blank lines in a row stay a
    paragraph break."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < min_lines:
        return text
    gaps = [b - a - 1 for a, b in zip(filled, filled[1:])]
    open_ends = [(a, b) for a, b in zip(filled, filled[1:]) if not lines[a].rstrip().endswith(LINE_ENDS)]
    # a sentence wrapped mid-way goes on in lower case; a list of titles or items starts each line anew
    carried_on = sum(lines[b].lstrip()[:1].islower() for _, b in open_ends)
    if sum(gap == 1 for gap in gaps) < 0.8 * len(gaps) or len(open_ends) < 0.5 * len(gaps) \
            or carried_on < 0.5 * len(open_ends):
        return text
    parts = [lines[filled[0]]]
    for gap, i in zip(gaps, filled[1:]):
        parts.append(("\n\n" if gap >= 2 else "\n") + lines[i])
    return "".join(parts)


LINE_ENDS = SENTENCE_END + tuple(CLOSING)  # a line that ends a sentence, possibly with a quote or bracket
# A heading line: a few words, and much shorter than the line after it. A line wrapped in the middle of a
# sentence fills the line width, so it is never this much shorter than the next one.
HEADING_MAX_WORDS = 10
HEADING_MAX_SHARE = 0.6


def separate_headings(text: str) -> str:
    """A blank line after each heading of hard-wrapped text (a PDF page, an e-mail), so that the heading is no
    part of the first sentence under it ('Terugblik bijeenkomst wijkteam West' + 'Op 20 mei spraken we ...').

    A heading is a line of at most HEADING_MAX_WORDS words without a sentence end or a comma, at most
    HEADING_MAX_SHARE of the length of the next line, which starts with a capital or a digit."""
    lines = text.split("\n")
    out = []
    for line, following in zip(lines, [*lines[1:], ""]):
        out.append(line)
        if is_heading_line(line.strip(), following.strip()):
            out.append("")
    return "\n".join(out)


def is_heading_line(line: str, following: str) -> bool:
    return bool(line and following) and not line.endswith(LINE_ENDS + (",", "-", "–")) \
        and len(line.split()) <= HEADING_MAX_WORDS and len(line) <= HEADING_MAX_SHARE * len(following) \
        and (following[0].isupper() or following[0].isdigit())


def read_markdown(path: Path) -> list[Record]:
    """A .md file is one document; YAML front matter becomes metadata."""
    (record,) = read_text(path)
    text, meta = split_front_matter(record.text)
    return [Record(text=strip_markdown(text), meta={**meta, "encoding": record.meta["encoding"]})]


def split_front_matter(text: str) -> tuple[str, dict]:
    """Split '---\\nkey: value\\n---' from the start of a Markdown text."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return text, {}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        raise UnreadableInput("de YAML-kop (front matter) bovenaan het bestand is ongeldig") from None
    if not isinstance(meta, dict):
        meta = {}
    return text[match.end():], {str(k): v for k, v in meta.items()}


def strip_markdown(text: str) -> str:
    """Drop Markdown markup that is not language (heading hashes, bullets, emphasis).

    A heading or a line in bold only ('**Wat ik meeneem**') is a title, not the start of the next
    sentence: it is followed by a blank line, which ends a sentence (pipeline.sentences). Only spaces
    and tabs are matched around the markup, so the blank lines between paragraphs stay. A table row
    ('| Wie | Wat |') becomes its cells joined by '; ', a paragraph of its own; the '|---|' line goes."""
    text = _TABLE_SEPARATOR.sub("", text)
    text = _TABLE_ROW.sub(_table_row, text)
    text = _HEADING.sub(_own_paragraph, text)
    text = _BOLD_LINE.sub(_own_paragraph, text)
    text = _BULLET.sub("", text)
    return _EMPHASIS.sub(r"\2", text)


def _table_row(match: re.Match) -> str:
    cells = [cell.strip() for cell in match.group("cells").split("|")]
    return "; ".join(cell for cell in cells if cell) + "\n"


def _own_paragraph(match: re.Match) -> str:
    """The title's words, and a blank line after them when the next line follows straight on."""
    return match.group("title") + ("\n\n" if match.group("next") else "")


# '## Kop' (the hashes need a space after them: '#hashtag' is a word) and '**Kop**' on a line of its own.
_NEXT_LINE = r"(?P<next>\n(?=[ \t]*\S))?"
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)(?P<title>.*?)(?:[ \t]+#+)?[ \t]*$" + _NEXT_LINE, re.MULTILINE)
# the title may not hold its own delimiter: '**Let op:** dit is **belangrijk**' is a sentence, not a title
_BOLD_LINE = re.compile(r"^[ \t]*(\*\*|__)(?P<title>[^*_\s](?:(?:(?!\1).)*?[^*_\s])?)\1[ \t]*$" + _NEXT_LINE,
                        re.MULTILINE)
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?[ \t]*(?:\n|$)",
                              re.MULTILINE)
_TABLE_ROW = re.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
