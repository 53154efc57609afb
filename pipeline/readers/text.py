"""Plain text and Markdown (with optional YAML front matter), with encoding detection."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from pipeline.readers import Record, UnreadableInput

# Bytes undefined in cp1252: their presence means the file is not cp1252 text.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes; return (text, encoding). Tries BOMs, UTF-8, UTF-16, cp1252, Latin-1."""
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
    if not _CP1252_UNDEFINED.intersection(data):
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _strict_decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableInput(f"verkeerde tekencodering: bestand lijkt {encoding} maar is beschadigd") from None


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


def looks_like_text(text: str) -> bool:
    """False for decoded binary junk: too many control characters."""
    if not text:
        return True
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / min(len(text), 20000) < 0.01


def read_text(path: Path) -> list[Record]:
    """A .txt file is one document."""
    text, encoding = decode_bytes(path.read_bytes())
    if not looks_like_text(text):
        raise UnreadableInput("binair bestand: bevat geen leesbare tekst")
    return [Record(text=text, meta={"encoding": encoding})]


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
    """Drop Markdown markup that is not language (heading hashes, bullets, emphasis)."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", text)
    return text
