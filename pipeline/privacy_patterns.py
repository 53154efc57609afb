"""Personal data with a fixed shape, found by patterns: e-mail, phone, IBAN, BSN (with the elfproef),
postcode, street address and birth date. Also Span, the found piece of text that all detection returns.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- A full date is a birth date ([GEBOORTEDATUM-n]) after a cue ('geboren', 'geb.') or when its year is
  LAST_BIRTH_YEAR or earlier; recent meeting dates and bare years stay ('in 2015'), except a year right
  after 'geboortejaar' or 'geboren in'. Fixed years, not today's date: the same notes give the same output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.dates import DUTCH_MONTHS

_EMAIL_CHARS = r"\w!#$%&'*+/=?^`{|}~.-"  # what RFC 5322 allows before the @ without quotes
_EMAIL = re.compile(rf"(?<![{_EMAIL_CHARS}])[{_EMAIL_CHARS}]+@[\w-]+(?:\.[\w-]+)*\.(?:xn--[\w-]+|[A-Za-z]{{2,}})(?!\w)")
# 'p.jansen AT dordrecht DOT nl', 'petra(at)gemeente(punt)nl', 'jan [at] wijkteam [dot] nl': an address written
# so that harvesters miss it. One span, so that no part ('DOT', 'petra') is taken for a name. Only with a
# top-level domain of this list: 'hij at soep' is Dutch for eating.
_OBFUSCATED_AT = r"(?:\s*[\[({]\s*(?i:at|@|apenstaartje)\s*[\])}]\s*|\s+(?i:at|apenstaartje)\s+)"
_OBFUSCATED_DOT = r"(?:\s*[\[({]\s*(?i:dot|punt)\s*[\])}]\s*|\s+(?i:dot|punt)\s+|\.)"
EMAIL_TOP_LEVEL_DOMAINS = ("nl", "be", "com", "org", "net", "eu", "info", "nu", "de", "fr", "uk", "io", "edu", "gov")
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![{_EMAIL_CHARS}])\w[{_EMAIL_CHARS}]*{_OBFUSCATED_AT}[\w-]+(?:{_OBFUSCATED_DOT}[\w-]+)*?{_OBFUSCATED_DOT}"
    rf"(?i:{'|'.join(EMAIL_TOP_LEVEL_DOMAINS)})(?!\w)")
_SEP = r"(?:[ .-]|\s-\s)?"
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31" + _SEP + r"(?:\(0\)" + _SEP + r")?[1-9](?:" + _SEP + r"\d){8}"
    r"|\(0\d{2}\)[ ]?\d(?:" + _SEP + r"\d){6}|\(0\d{3}\)[ ]?\d(?:" + _SEP + r"\d){5}"
    r"|0[1-9](?:" + _SEP + r"\d){8})(?!\w)"
)
_POSTCODE = re.compile(r"(?<!\w)[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
_IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{4}){2}[ ]?\d{2}(?!\w)")
_BSN = re.compile(r"(?<![\w.-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w]|[.,-]\d)")
_DATE = re.compile(
    r"(?<![\w./-])(?:(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?:(?P<y>\d{4}|\d{2})|['’](?P<ay>\d{2}))"
    r"|(?P<iy>(?:19|20)\d{2})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"|(?P<nd>\d{1,2})\s+(?P<nm>" + "|".join(sorted(DUTCH_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<ny>(?:19|20)\d{2}))"
    r"(?!\w|[./-]\d)", re.IGNORECASE)
# 'geboren', 'geb.', 'geb.datum', 'geboortedatum' and up to three words ('geboren op', 'geb. te Dordrecht op').
# Also the genealogical star right before a date: 'Thijmen (*14-12-2016)'.
_BIRTH_CUE = re.compile(r"(?:(?<!\w)(?:geboren|geb\.(?:\s?datum)?|geboortedatum|geboortejaar)"
                        r"(?:[\s:,]+[^\s.!?;]+){0,3}?[\s:,]*|(?<![\w*])\*\s?)$", re.IGNORECASE)
_BIRTH_YEAR = re.compile(r"(?<!\w)(?:geboortejaar(?:\s+[^\W\d]+){0,2}|geboren\s+in)[\s:]+((?:19|20)\d{2})(?!\w)",
                         re.IGNORECASE)  # 'geboortejaar vader: 1990', 'geboren in 1975'
# Notes are about meetings since the decentralisations (2015), so a full date in this year or before is taken
# for a client's birth date (a fixed year, not today minus 14, so that a rerun next year gives the same output).
LAST_BIRTH_YEAR = 2012
# A two-digit year up to this one is in the 2000s ('1-2-19' is 2019), above it in the 1900s ('1-2-80').
TWO_DIGIT_YEAR_PIVOT = 30
# '-ring' but not '-ering': 'De Mantelzorgwaardering 2025' is no street.
_STREET_SUFFIX = (r"(?:straat|laan|weg|plein|singel|gracht|kade|dijk|park|hof|steeg|pad|dreef|plantsoen|"
                  r"markt|(?<!e)ring|baan|wal|haven|veld|boulevard|allee|erf|hage|zijde|oord|wetering|burg|"
                  r"kwartier|promenade|passage|rade|berg|dam|dal|gaarde|hoeve|horst|tuin|vaart|akker)")
_ADDRESS = re.compile(
    r"(?<!\w)(?:[A-Z][\w'.-]{0,30}\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+){0,2}){0,3}[A-Z][\w'-]{0,30}?"
    + _STREET_SUFFIX + r"(?:-(?:Oost|West|Noord|Zuid|Midden))?"
    # house number additions: '3b', '12-2', '7 hs', '118-II' (a floor)
    + r"\s+\d{1,5}(?:\s?[a-zA-Z](?![\w])|[-/]\d{1,4}|-(?:I{1,3}|IV|hs|bis)(?![\w])|\s?(?:bis|hs|huis|rood|zwart)\b)?"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    text: str


def pattern_spans(text: str) -> list[Span]:
    """E-mail, IBAN, phone, BSN, postcode, street address and birth date by their shape."""
    found = [Span(m.start(), m.end(), "email", m.group()) for pattern in (_EMAIL, _OBFUSCATED_EMAIL)
             for m in pattern.finditer(text)]
    found += [Span(m.start(), m.end(), "iban", m.group()) for m in _IBAN.finditer(text)]
    found += [Span(m.start(), m.end(), "telefoon", m.group()) for m in _PHONE.finditer(text)
              if is_phone_number(m.group())]
    found += [Span(m.start(), m.end(), "bsn", m.group()) for m in _BSN.finditer(text) if passes_elfproef(m.group())]
    found += [Span(m.start(), m.end(), "postcode", m.group()) for m in _POSTCODE.finditer(text)]
    found += [Span(m.start(), m.end(), "adres", m.group()) for m in _ADDRESS.finditer(text)]
    return found + birth_date_spans(text)


def birth_date_spans(text: str) -> list[Span]:
    """Full dates after a birth cue or in LAST_BIRTH_YEAR or before; a year after 'geboortejaar'."""
    found = [Span(m.start(), m.end(), "geboortedatum", m.group()) for m in _DATE.finditer(text)
             if (ymd := parse_full_date(m.group())) and (
                 (ymd[0] <= LAST_BIRTH_YEAR and (_is_plain_date(m) or text[m.start() - 1:m.start()] == "("))
                 or _BIRTH_CUE.search(text, max(0, m.start() - 60), m.start()))]
    return found + [Span(m.start(1), m.end(1), "geboortedatum", m.group(1)) for m in _BIRTH_YEAR.finditer(text)]


def _is_plain_date(match: re.Match) -> bool:
    """An old date without a cue counts with a four-digit year and no dots, or in brackets ('(1-2-80)'):
    'artikel 2.3.10', 'versie 1.2.10' and a score '3-1-10' are numbers, not dates of birth."""
    if match.group("ay"):  # '5-2-'22': only after a cue or in brackets
        return False
    return match.group("y") is None or (len(match.group("y")) == 4 and match.group("sep") != ".")


def parse_full_date(value: str) -> tuple[int, int, int] | None:
    """'12-03-1961', '1-2-80', '1961-03-12', '12 mrt. 1961' -> (1961, 3, 12); None if not a valid full date.
    A two-digit year is in the 2000s up to TWO_DIGIT_YEAR_PIVOT, else in the 1900s ('80' is 1980)."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    g = match.groupdict()
    if g["y"] or g["ay"]:
        year, month, day = int(g["y"] or g["ay"]), int(g["m"]), int(g["d"])
    elif g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    else:
        year, month, day = int(g["ny"]), DUTCH_MONTHS[g["nm"].lower()], int(g["nd"])
    if year < 100:
        year += 2000 if year <= TWO_DIGIT_YEAR_PIVOT else 1900
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def is_phone_number(candidate: str) -> bool:
    """A Dutch number: 0 + 9 digits, or +31/0031 + 9 digits; not a date such as 01-02-2024."""
    if re.match(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}", candidate):
        return False
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith(("+", "00")):
        digits = digits[4:] if candidate.startswith("00") else digits[2:]
        digits = digits[1:] if digits.startswith("0") and len(digits) == 10 else digits
        return len(digits) == 9 and digits[0] != "0"
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def passes_elfproef(candidate: str) -> bool:
    """The BSN check: 9*d1 + 8*d2 + ... + 2*d8 - d9 is divisible by 11 (and not all zeros)."""
    digits = [int(d) for d in re.sub(r"\D", "", candidate)]
    if len(digits) != 9 or not any(digits):
        return False
    return (sum(d * w for d, w in zip(digits, range(9, 1, -1))) - digits[8]) % 11 == 0
