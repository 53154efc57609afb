"""Numbered codes for personal data: the same person, address or number gets the same [CATEGORIE-n] everywhere.

In: a text and its chosen (non-overlapping) Spans, and one Numbering shared by all texts of a corpus; out: the
text with each span replaced by its placeholder, and finding rows (category, placeholder, start, end). Who a
short name ('Marieke', 'Van Drunen') is follows from the full names of the same text (person_identities).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.privacy_name_lookup import INTERFIXES
from pipeline.privacy_patterns import Span, parse_full_date
from pipeline.privacy_sweep import normalise_identifier

PLACEHOLDERS = {
    "persoon": "PERSOON", "email": "EMAIL", "telefoon": "TELEFOON", "postcode": "POSTCODE",
    "adres": "ADRES", "bsn": "BSN", "iban": "IBAN", "geboortedatum": "GEBOORTEDATUM",
}


@dataclass
class Numbering:
    """Placeholder numbers shared by the texts of one corpus, handed out in the order the texts are replaced
    (ingest sorts them, so a rerun numbers alike): the same identity gets the same number in every text."""

    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    texts: int = 0

    def number(self, category: str, identity: str) -> int:
        if (category, identity) not in self.numbers:
            self.counters[category] = self.counters.get(category, 0) + 1
            self.numbers[category, identity] = self.counters[category]
        return self.numbers[category, identity]


def replace_spans(text: str, spans: list[Span], *, numbering: Numbering | None = None) -> tuple[str, list[dict]]:
    """Replace spans by numbered placeholders, the same identity getting the same number (see person_identities);
    pass one `numbering` for all texts of a corpus to share the numbers between them."""
    numbering = numbering if numbering is not None else Numbering()
    numbering.texts += 1
    people = person_identities([s.text for s in spans if s.category == "persoon"], scope=numbering.texts)
    rows, pieces, last = [], [], 0
    for span in spans:
        identity = people[normalise_identifier(span.text)] if span.category == "persoon" else _identity(span)
        placeholder = f"[{PLACEHOLDERS[span.category]}-{numbering.number(span.category, identity)}]"
        pieces += [text[last:span.start], placeholder]
        last = span.end
        rows.append({"category": span.category, "placeholder": placeholder, "start": span.start, "end": span.end})
    return "".join(pieces) + text[last:], rows


def _identity(span: Span) -> str:
    """Normalised identity of a fixed shape: digits for numbers ('+31 6 ...' is '06...'), lower case for words."""
    if span.category == "geboortedatum":  # '12-03-1961' and '12 maart 1961' are one date
        ymd = parse_full_date(span.text)
        return "-".join(f"{n:02d}" for n in ymd) if ymd else span.text.strip()
    if span.category in ("telefoon", "bsn", "iban", "postcode"):
        value = re.sub(r"[^0-9A-Za-z]", "", span.text).upper()
        if span.category == "telefoon" and span.text.lstrip().startswith(("+", "00")):
            value = "0" + value[value.index("31") + 2:].lstrip("0")
        return value
    return normalise_identifier(span.text)


_LOWER_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_DOUBLE_SURNAME = re.compile(r"[^\W\d_]{2,}-(?:(?:van|de|der|den|ter|ten|te|in|op|'t)\s+)*[^\W\d_]{2,}$")


def person_identities(names: Iterable[str], *, scope: int) -> dict[str, str]:
    """Normalised name -> who it is, for the names found in one text.

    A full name ('Marieke van Drunen') is itself, in every text of the corpus. A first name, a surname or
    initials with a surname ('Marieke', 'Van Drunen', 'M. van Drunen') is the full name of the same text it
    fits, if exactly one fits; otherwise it is a person of this text only (`scope`), so that no two people
    share a code because of a guess. A double surname ('Van den Heuvel-de Groot', 'Smit-Jongeneel') that fits no
    full name is itself in every text: it names one person as surely as a full name does.
    """
    mentions = sorted({normalise_identifier(name) for name in names})
    full = [m for m in mentions if _is_full_name(m)]
    identities = {m: m for m in full}
    for mention in mentions:
        if mention not in identities:
            fits = [name for name in full if _fits(mention, name)]
            alone = mention if _DOUBLE_SURNAME.search(mention) and not fits else f"{mention}#{scope}"
            identities[mention] = fits[0] if len(fits) == 1 else alone
    return identities


def _is_full_name(name: str) -> bool:
    """'marieke van drunen', 'jan p. jansen': a first name and a surname (not 'j. jansen' or 'van drunen')."""
    words = [w for w in name.split() if not _LOWER_INITIALS.fullmatch(w)]
    return (len(words) >= 2 and not _LOWER_INITIALS.fullmatch(name.split()[0])
            and words[0] not in INTERFIXES and words[-1] not in INTERFIXES)


def _fits(mention: str, full_name: str) -> bool:
    """Whether 'marieke', 'drunen', 'van drunen' or 'm. van drunen' can be short for 'marieke van drunen'."""
    first, *rest = full_name.split()
    initials = "".join(w for w in mention.split() if _LOWER_INITIALS.fullmatch(w)).replace(".", "")
    words = [w for w in mention.split() if not _LOWER_INITIALS.fullmatch(w) and w not in INTERFIXES]
    surname = [w for w in rest if not _LOWER_INITIALS.fullmatch(w) and w not in INTERFIXES]
    if not words or initials and initials[0] != first[0]:
        return False
    if words == [first] and not initials:
        return True
    return words == surname or len(words) == 1 and len(surname) == 1 and words[0] in surname[0].split("-")
