"""Personal data out before anything is published: detect, replace consistently, and guard the outputs.

Detection combines patterns for things with a fixed shape (e-mail, phone, postcode, address, BSN
with the elfproef, IBAN) with deduce (Dutch de-identification, name lookups and context rules) and,
when the spaCy pipeline has one, its named-entity recogniser for person names.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- Places are kept (Dordrecht is context, not a person), unless part of a street address.
- Authors in literature citations ("Stam en Wilken (2015)", "(Jansen, 2019)") are kept: they are
  public authors, not people the notes are about.
- Titles stay outside the placeholder: "mevrouw [PERSOON-1]".
- A name found anywhere is replaced everywhere in the corpus (the final guard checks the same way).
- Codes hold for the whole corpus, numbered in document order (ingest sorts the files, so reruns agree):
  'Marieke van Drunen' is the same [PERSOON-n] in every note, and in a note that names her in full,
  'Marieke', 'Van Drunen' and 'mevrouw Van Drunen' get her code too. A short name that fits no full name
  of its note, or more than one, gets a code of its own in that note: codes are never shared by guessing.
- A full date is a birth date ([GEBOORTEDATUM-n]) after a cue ('geboren', 'geb.') or when its year is
  LAST_BIRTH_YEAR or earlier; recent meeting dates and bare years stay ('in 2015'), except a year right
  after 'geboortejaar' or 'geboren in'. Fixed years, not today's date: the same notes give the same output.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import html
import json
import re
import zipfile
from datetime import date
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError
from pipeline.dates import DUTCH_MONTHS
from pipeline.lexicon import lemma_lookup
from pipeline.text_cache import TextCache, map_texts

MODES = ("pseudonimiseren", "rapporteren", "uit")
FINDING_COLUMNS = ["doc_id", "category", "placeholder", "start", "end"]
FINDINGS_FILE = "privacy-findings.csv"  # what was found (no personal data itself); never published
PLACEHOLDERS = {
    "persoon": "PERSOON", "email": "EMAIL", "telefoon": "TELEFOON", "postcode": "POSTCODE",
    "adres": "ADRES", "bsn": "BSN", "iban": "IBAN", "geboortedatum": "GEBOORTEDATUM",
}
# When spans overlap, the category earlier in this list wins (fixed shapes beat name guesses).
PRIORITY = ["email", "iban", "telefoon", "bsn", "geboortedatum", "adres", "postcode", "persoon"]
# Metadata columns that may carry names (respondent ids are pseudonymised as a whole).
TEXT_META_COLUMNS = ["bijeenkomst", "vraag", "rol"]
MIN_IDENTIFIER_CHARS = 3

_EMAIL_CHARS = r"\w!#$%&'*+/=?^`{|}~.-"  # what RFC 5322 allows before the @ without quotes
_EMAIL = re.compile(rf"(?<![{_EMAIL_CHARS}])[{_EMAIL_CHARS}]+@[\w-]+(?:\.[\w-]+)*\.(?:xn--[\w-]+|[A-Za-z]{{2,}})(?!\w)")
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
    r"(?<![\w./-])(?:(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<iy>(?:19|20)\d{2})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"|(?P<nd>\d{1,2})\s+(?P<nm>" + "|".join(sorted(DUTCH_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<ny>(?:19|20)\d{2}))"
    r"(?!\w|[./-]\d)", re.IGNORECASE)
# 'geboren', 'geb.', 'geb.datum', 'geboortedatum' and up to three words ('geboren op', 'geb. te Dordrecht op').
_BIRTH_CUE = re.compile(r"(?<!\w)(?:geboren|geb\.(?:\s?datum)?|geboortedatum|geboortejaar)"
                        r"(?:[\s:,]+[^\s.!?;]+){0,3}?[\s:,]*$", re.IGNORECASE)
_BIRTH_YEAR = re.compile(r"(?<!\w)(?:geboortejaar(?:\s+[^\W\d]+){0,2}|geboren\s+in)[\s:]+((?:19|20)\d{2})(?!\w)",
                         re.IGNORECASE)  # 'geboortejaar vader: 1990', 'geboren in 1975'
# Notes are about meetings since the decentralisations (2015), so a full date in this year or before is taken
# for a client's birth date (a fixed year, not today minus 14, so that a rerun next year gives the same output).
LAST_BIRTH_YEAR = 2012
# A two-digit year up to this one is in the 2000s ('1-2-19' is 2019), above it in the 1900s ('1-2-80').
TWO_DIGIT_YEAR_PIVOT = 30
_STREET_SUFFIX = (r"(?:straat|laan|weg|plein|singel|gracht|kade|dijk|park|hof|steeg|pad|dreef|plantsoen|"
                  r"markt|ring|baan|wal|haven|veld|boulevard|allee|erf|hage|zijde|oord|wetering|burg|"
                  r"kwartier|promenade|passage|rade|berg|dam|dal|gaarde|hoeve|horst|tuin|vaart|akker)")
_ADDRESS = re.compile(
    r"(?<!\w)(?:[A-Z][\w'.-]{0,30}\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+){0,2}){0,3}[A-Z][\w'-]{0,30}?"
    + _STREET_SUFFIX + r"(?:-(?:Oost|West|Noord|Zuid|Midden))?"
    + r"\s+\d{1,5}(?:\s?[a-zA-Z](?![\w])|[-/]\d{1,4}|\s?(?:bis|hs|huis|rood|zwart)\b)?"
)
_CAPITALISED = re.compile(r"(?<!\S)[^\w\s]*[A-Z]")
_SENTENCE_END = re.compile(r"[.!?]+\s+|\n+")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\n")
_NAME = r"(?:[A-Z]\.\s*){0,3}(?:(?:van|de|der|den|ter|ten)\s+){0,3}[A-Z][\w'’-]+"
# Bounded repetitions: an unbounded run of names before '(' would make this quadratic.
_CITATION_NARRATIVE = re.compile(
    _NAME + r"(?:(?:\s*(?:,|en|&)\s*|\s+)" + _NAME + r"){0,5}(?:\s+et\s+al\.?)?"
    r"\s*\((?:19|20)\d{2}[a-z]?(?:[,;:][^()]{0,100})?\)"
)
_CITATION_PARENTHETICAL = re.compile(r"\((?=[^()]{0,300}\))[^()]*?[A-Z][^()]*?,?\s(?:19|20)\d{2}[a-z]?[^()]*\)")
_DATE_REST = re.compile(r"[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")  # what follows the day of a date
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,4}")
# 'Lotte' + ' van der Meer': a surname with interfixes that a detector left out.
_SURNAME_TAIL = re.compile(r"(?:\s+(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|el|al)){1,3}\s+[A-Z][\w'’-]+")
# 'De' + 'Jong', 'van der' + 'Meer': the particles right before a surname that the cleaning stripped as words.
_SURNAME_HEAD = re.compile(r"(?<!\S)(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|du|da|el|al)\s+){1,3}$",
                           re.IGNORECASE)
_INTERFIXES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von", "la", "le", "du",
               "da", "dos", "el", "al", "bin", "ben", "ibn", "uit"}
# Titles and forms of address: kept outside the placeholder ("mevrouw [PERSOON-1]").
TITLES = {"heer", "meneer", "mevrouw", "mevr", "mw", "dhr", "hr", "dr", "drs", "prof", "mr", "ir", "ing", "juffrouw",
          "juf", "meester", "zuster", "ds", "dominee", "pastoor", "imam", "wethouder", "burgemeester", "oma", "opa",
          "tante", "oom", "collega", "buurvrouw", "buurman", "moeder", "vader", "cliënt", "client"}
# Capitalised words that deduce or NER may take for names but are roles, places or institutions here.
NOT_NAMES = {
    "wijkteam", "wijkteams", "werkplaats", "sociaal", "domein", "gemeente", "jeugdzorg", "wmo",
    "participatiewet", "buurtteam", "sociale", "dienst", "gebiedsteam", "welzijn", "zorg", "thuiszorg",
    "huisarts", "wethouder", "burgemeester", "raad", "college", "team", "afdeling", "rijk", "provincie",
}


@dataclass
class PrivacyResult:
    """documents: pseudonymised copy (or unchanged in 'rapporteren'/'uit'); findings: FINDING_COLUMNS.

    identifiers: raw strings found (in memory only, never written) for `check_published_outputs`;
    empty unless mode is 'pseudonimiseren', since only then must nothing be published.
    """

    documents: pd.DataFrame
    findings: pd.DataFrame
    identifiers: set[str] = field(default_factory=set, repr=False)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    text: str


class PrivacyLeakError(Exception):
    """A published output contains personal data from the input; the run must not be published."""

    def __init__(self, leaks: list[str]):
        self.leaks = list(leaks)
        shown = "\n".join(f"  - {leak}" for leak in self.leaks[:20])
        more = f"\n  ... en nog {len(self.leaks) - 20}" if len(self.leaks) > 20 else ""
        super().__init__(
            f"Privacycontrole mislukt: {len(self.leaks)} keer staat persoonsgegeven uit de invoer in een "
            f"uitvoerbestand. De run is niet gepubliceerd.\n{shown}{more}\n"
            "Controleer de invoer (bijvoorbeeld namen in bestandsnamen of kolommen) of meld dit als fout."
        )


def pseudonymise_documents(documents: pd.DataFrame, *, mode: str = "pseudonimiseren", nlp=None,
                           cache: TextCache | None = None) -> PrivacyResult:
    """Find personal data in `text` (and name-bearing metadata) of every document; see PrivacyResult.
    `cache` keeps the spans found per text (offsets only), so a rerun does not run deduce again. Codes are
    numbered over the whole corpus in the order of the rows (see Numbering), so give the rows in a fixed order."""
    if mode not in MODES:
        raise ConfigError(f"Onbekende privacymodus '{mode}'. Kies uit: {', '.join(MODES)}.")
    documents = documents.copy()
    if mode == "uit" or documents.empty:
        return PrivacyResult(documents, pd.DataFrame(columns=[*FINDING_COLUMNS, "field"]))
    texts = documents["text"].fillna("").astype(str).tolist()
    spans = cached_spans(texts, cache=cache)
    if nlp is not None and "ner" in getattr(nlp, "pipe_names", []):
        for found, doc in zip(spans, nlp.pipe(texts)):
            found.extend(ner_person_spans(doc))
    spans = [resolve_overlaps(found) for found in spans]
    categories = identifier_categories(s for found in spans for s in found)
    respondent_ids = _respondent_identifiers(documents, cache=cache)
    categories.update({value: "persoon" for value in respondent_ids if len(value) >= MIN_IDENTIFIER_CHARS})
    sweep, lookup = identifier_pattern(categories), normal_categories(categories)
    findings, new_texts, numbering = [], [], Numbering()
    for doc_id, text, found in zip(documents["doc_id"], texts, spans):
        chosen = resolve_overlaps([*found, *sweep_spans(text, sweep, lookup)])
        new_text, rows = replace_spans(text, chosen, numbering=numbering)
        new_texts.append(new_text)
        findings.extend({"doc_id": doc_id, "field": "text", **row} for row in rows)
    if mode == "pseudonimiseren":
        documents["text"] = new_texts
        _pseudonymise_metadata(documents, sweep, categories, respondent_ids, cache=cache, numbering=numbering)
    table = pd.DataFrame(findings, columns=[*FINDING_COLUMNS, "field"])
    return PrivacyResult(documents, table, set(categories) if mode == "pseudonimiseren" else set())


def pseudonymise_text(text: str) -> tuple[str, list[dict]]:
    """One text on its own: (replaced text, findings rows with category, placeholder, start, end)."""
    found = resolve_overlaps(find_spans(text))
    categories = identifier_categories(found)
    return replace_spans(text, resolve_overlaps([*found, *sweep_spans(text, identifier_pattern(categories),
                                                                      normal_categories(categories))]))


def find_span_offsets(text: str) -> list[tuple[int, int, str]]:
    """find_spans as (start, end, category): what the text cache keeps (no personal data itself)."""
    return [(span.start, span.end, span.category) for span in find_spans(text)]


def cached_spans(texts: list[str], *, cache: TextCache | None) -> list[list[Span]]:
    """find_spans of every text, through the text cache (which keeps offsets; the text gives the rest)."""
    offsets = map_texts(cache, "privacy", texts, find_span_offsets)
    return [[Span(start, end, category, text[start:end]) for start, end, category in found]
            for text, found in zip(texts, offsets)]


def find_spans(text: str) -> list[Span]:
    """All candidate spans of personal data in `text` (overlaps not yet resolved)."""
    if not text.strip():
        return []
    return [*pattern_spans(text), *deduce_spans(text)]


def pattern_spans(text: str) -> list[Span]:
    """E-mail, IBAN, phone, BSN, postcode, street address and birth date by their shape."""
    found = [Span(m.start(), m.end(), "email", m.group()) for m in _EMAIL.finditer(text)]
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
    return match.group("y") is None or (len(match.group("y")) == 4 and match.group("sep") != ".")


def parse_full_date(value: str) -> tuple[int, int, int] | None:
    """'12-03-1961', '1-2-80', '1961-03-12', '12 mrt. 1961' -> (1961, 3, 12); None if not a valid full date.
    A two-digit year is in the 2000s up to TWO_DIGIT_YEAR_PIVOT, else in the 1900s ('80' is 1980)."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    g = match.groupdict()
    if g["y"]:
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
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


# deduce's person and street annotators only: its dates, ages, institutions and urls are not our concern.
DEDUCE_PROCESSORS = {
    "names", "prefix_with_initial", "prefix_with_interfix", "prefix_with_name", "interfix_with_name",
    "initial_with_name", "initial_interfix", "first_name_lookup", "surname_lookup", "patient_name",
    "name_context", "eponymous_disease", "person_annotation_converter", "locations", "placename",
    "street_pattern", "street_lookup", "housenumber", "postal_code", "postbus", "remove_street_tags",
    "clean_street_tags", "post_processing", "overlap_resolver", "merge_adjacent_annotations",
}


@functools.lru_cache(maxsize=1)
def load_deduce():
    """The deduce de-identifier, loaded once per process (about 10 s; the first run ever builds its lookup
    tables, which takes 1-2 minutes)."""
    from deduce import Deduce

    return Deduce()


@functools.lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    """Titles such as mevrouw, dhr., dr. (deduce's list): kept outside the placeholder."""
    return frozenset(str(w).lower().rstrip(".") for w in load_deduce().lookup_structs["prefix"])


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def deduce_spans(text: str) -> list[Span]:
    """Person names (cleaned, citations excluded) and street addresses found by deduce."""
    annotations = []
    for offset, chunk in deduce_chunks(text):
        found = list(load_deduce().deidentify(chunk, enabled=DEDUCE_PROCESSORS).annotations)
        if _SHOUTED.search(chunk):  # 'JANSEN': name lookups need 'Jansen'; same length, so offsets still fit
            calm = _SHOUTED.sub(lambda m: m.group().capitalize(), chunk)
            found += [a for a in load_deduce().deidentify(calm, enabled=DEDUCE_PROCESSORS).annotations
                      if a.tag in ("persoon", "patient") and _SHOUTED.search(chunk, a.start_char, a.end_char)]
        annotations += [(a.tag, a.start_char + offset, a.end_char + offset) for a in found]
    citations = citation_regions(text)
    spans = []
    for tag, start, end in annotations:
        if tag in ("persoon", "patient"):
            spans.extend(clean_person_span(text, start, end, citations))
        elif tag == "locatie" and re.search(r"[^\W\d]\s*\d", text[start:end]) and not _POSTCODE.match(text[start:end]) \
                and not _DATE_REST.match(text, end):  # 'Bijeenkomst 13-03-2025': a date, no house number
            spans.append(Span(start, end, "adres", text[start:end]))
    return spans


def deduce_chunks(text: str, *, max_chars: int = 1000, max_capitals: int = 12) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of `text` for deduce: sentences, grouped up to `max_chars` characters.

    deduce's name-context rules take quadratic time in the number of adjacent name-like words
    ('Jan Jan Jan ...': 6 s for 1000 characters), so no chunk holds more than `max_capitals` capitalised
    words; a sentence with more is cut, after a comma where possible. This keeps the worst case linear.
    """
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    chunks, start, capitals = [], 0, 0
    for a, b in zip(bounds, bounds[1:]):
        n = len(_CAPITALISED.findall(text, a, b))
        if n > max_capitals or b - a > max_chars:
            chunks += [(start, a)] if a > start else []
            chunks += _cut_sentence(text, a, b, max_chars=max_chars, max_capitals=max_capitals)
            start, capitals = b, 0
        elif b - start > max_chars or capitals + n > max_capitals:
            chunks += [(start, a)] if a > start else []
            start, capitals = a, n
        else:
            capitals += n
    chunks += [(start, len(text))] if len(text) > start else []
    return [(a, text[a:b]) for a, b in chunks if text[a:b].strip()]


def _cut_sentence(text: str, start: int, end: int, *, max_chars: int, max_capitals: int) -> list[tuple[int, int]]:
    """Cut one long sentence at word starts; prefer the word after a comma among the last few."""
    pieces, piece_start, capitals, commas = [], start, 0, []
    for word in re.finditer(r"\S+", text[start:end]):
        w_start = word.start() + start
        if capitals >= max_capitals or w_start - piece_start >= max_chars:
            cut = commas[-1] if commas and commas[-1] > piece_start + (w_start - piece_start) // 2 else w_start
            pieces.append((piece_start, cut))
            piece_start, commas = cut, []
            capitals = len(_CAPITALISED.findall(text, cut, w_start))
        capitals += bool(_CAPITALISED.match(word.group()))
        if word.group().endswith((",", ";")):
            commas.append(word.end() + start)
    return [*pieces, (piece_start, end)] if end > piece_start else pieces


def ner_person_spans(doc) -> list[Span]:
    """Person entities from a spaCy Doc whose pipeline has NER (labels PER or PERSON)."""
    citations = citation_regions(doc.text)
    found = []
    for ent in doc.ents:
        if ent.label_ in ("PER", "PERSON"):
            found.extend(clean_person_span(doc.text, ent.start_char, ent.end_char, citations))
    return found


def citation_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of literature citations: 'Stam en Wilken (2015)', '(Jansen, 2019)'."""
    return [m.span() for pattern in (_CITATION_NARRATIVE, _CITATION_PARENTHETICAL) for m in pattern.finditer(text)]


def clean_person_span(text: str, start: int, end: int, citations: list[tuple[int, int]]) -> list[Span]:
    """Split a name guess at sentence breaks, strip titles and sentence words, keep the particles of a surname
    ('De Vries'); drop role words and citations."""
    spans = []
    for piece_start, piece_end in _sentence_pieces(text, start, end):
        piece = text[piece_start:piece_end]
        tokens = [(m.start() + piece_start, m.end() + piece_start, m.group()) for m in re.finditer(r"\S+", piece)]
        tokens = _strip_non_name_tokens(tokens)
        if not tokens or all(t[2].lower().strip(".,") in NOT_NAMES for t in tokens) or (
                len(tokens) == 1 and _is_opening_word(text, *tokens[0])):
            continue
        s, e = tokens[0][0], tokens[-1][1]
        while e > s and text[e - 1] in ".,;:!?)'\"":
            e -= 1
        s = _surname_head_start(text, s)
        if any(c_start <= s and e <= c_end for c_start, c_end in citations) or e - s < 2:
            continue
        tail = _SURNAME_TAIL.match(text, e)
        e = tail.end() if tail else e
        spans.append(Span(s, e, "persoon", text[s:e]))
    return spans


def _surname_head_start(text: str, start: int) -> int:
    """Where the surname at `start` begins with its particles: 'De Vries belde', 'dhr. El Amrani', 'mevrouw de Jong'.
    Particles join after a title, or when capitalised before a name that is no first name: in 'met de Jong' 'de'
    may be the article, in 'Van Jan kreeg ik' 'Van' is the preposition."""
    head = _SURNAME_HEAD.search(text, max(0, start - 20), start)
    if not head:
        return start
    before = re.search(r"(\S*)\s*$", text[max(0, head.start() - 20):head.start()]).group(1).lower().rstrip(".,")
    if before in TITLES or before in _name_prefixes():
        return head.start()
    name = re.match(r"[\w'’-]*", text[start:start + 40]).group()
    capital = re.search(r"(?<!\S)[A-Z]", head.group())  # 'in De Vries': the surname starts at 'De'
    surname = capital is not None and [name] not in load_deduce().lookup_structs["first_name"]
    return head.start() + capital.start() if surname else start


# A word this common in Dutch (wordfreq Zipf: 'mooi' 5.6, 'groot' 5.6) that opens a sentence alone is the word,
# not a surname; surnames that are words too stay below it ('Bakker' 4.3, 'Bos' 4.8, 'Koning' 5.1, 'Klein' 5.3).
# A word of the social domain that is a surname too ('Burger') only in a short answer ('Burger centraal').
OPENING_WORD_MIN_ZIPF = 5.5
OPENING_ANSWER_WORDS = 3  # 'Burger centraal', 'Burger meer centraal!': the words after it in a short answer
OPENING_DOMAIN_WORDS = NOT_NAMES | {"burger", "burgers", "bewoner", "bewoners", "inwoner", "inwoners", "mens",
                                   "mensen", "klant", "klanten", "buurt", "wijk", "jeugd", "hulp"}


def _is_opening_word(text: str, start: int, end: int, word: str) -> bool:
    """'Mooi' in the answer 'Mooi woord', 'Burger' in 'Burger centraal': it opens a sentence (not after a title
    such as 'dhr.' or a label such as 'Aanwezig:') and is a very common Dutch word that is no first name, or,
    in a short answer of a few words, a word of the social domain."""
    from wordfreq import zipf_frequency  # imported here: only name candidates get this far

    before = text[:start].rstrip()
    previous = before.split()[-1].lower().rstrip(".") if before else ""
    if before and (before[-1] not in ".!?;\n-*•" or previous in TITLES or previous in _name_prefixes()) \
            and text[before.rfind("\n") + 1:start].strip():
        return False
    word = word.strip(".,;:!?")
    rest = re.split(r"[.!?\n]", text[end:], maxsplit=1)[0].split()
    return (word.lower() in OPENING_DOMAIN_WORDS and len(rest) <= OPENING_ANSWER_WORDS) or (
        [word] not in load_deduce().lookup_structs["first_name"]
        and zipf_frequency(word.lower(), "nl") >= OPENING_WORD_MIN_ZIPF)


def _sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] at sentence breaks, but not after an initial ('A.') or a title ('Dhr.')."""
    pieces, piece_start = [], start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[piece_start:match.start() + 1].split()
        last = before[-1] if before else ""
        if match.group().startswith(".") and (_INITIALS.fullmatch(last) or last.lower().rstrip(".") in TITLES
                                              or last.lower().rstrip(".") in _name_prefixes()):
            continue
        pieces.append((piece_start, match.start()))
        piece_start = match.end()
    return [*pieces, (piece_start, end)]


def _strip_non_name_tokens(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def is_title(word: str) -> bool:
        return word.lower().rstrip(".,") in TITLES or word.lower().rstrip(".,") in _name_prefixes()

    def is_filler(word: str) -> bool:
        lower = word.lower().strip(".,")
        if _INITIALS.fullmatch(word):
            return False
        return is_title(word) or word[:1].islower() and lower not in _INTERFIXES or (
            lower in _stop_words() and lower not in _INTERFIXES) or not any(c.isalpha() for c in word)

    def is_sentence_word(word: str) -> bool:  # 'Bel Jan Jansen': a Dutch word that is no first name
        return word.lower() in _dutch_words() and [word] not in load_deduce().lookup_structs["first_name"]

    while tokens and (is_filler(tokens[0][2]) or len(tokens) > 1 and (
            is_sentence_word(tokens[0][2]) or tokens[0][2].lower() in _INTERFIXES and is_title(tokens[1][2]))):
        tokens = tokens[1:]
    while tokens and (is_filler(tokens[-1][2]) or tokens[-1][2].lower() in _INTERFIXES):
        tokens = tokens[:-1]
    return tokens


@functools.lru_cache(maxsize=1)
def _dutch_words() -> frozenset[str]:
    """Lower-case Dutch word forms (spaCy lookup lemmas): a one-word name such as 'Bakker' or 'Hoop' that is
    also a word is replaced where it was found as a name, but not hunted elsewhere."""
    table = lemma_lookup()
    return frozenset(table) | frozenset(table.values())


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip()).lower()


def identifier_categories(spans: Iterable[Span]) -> dict[str, str]:
    """Raw identifier -> category, for the corpus-wide sweep and the final guard."""
    found = {}
    for span in spans:
        value = span.text.strip()
        if len(value) < MIN_IDENTIFIER_CHARS:
            continue
        if span.category == "persoon":
            found.update({part: "persoon" for part in name_parts(value)})
            if " " not in value and value.lower() in _dutch_words():
                continue
        if span.category == "geboortedatum" and value.isdigit():  # a birth year: '2015' elsewhere is no birth year
            continue
        found[value] = span.category
    return found


def name_parts(name: str) -> list[str]:
    """The parts of 'Fatma Yilmaz-Demir' worth hunting for on their own: not particles, initials or words."""
    parts = re.findall(r"[^\W\d_][\w'’]*", name)
    return [p for p in parts if len(p) >= MIN_IDENTIFIER_CHARS and p[0].isupper() and p.lower() not in _INTERFIXES
            and p.lower() not in TITLES and p.lower() not in NOT_NAMES and p.lower() not in _dutch_words()]


def identifier_pattern(identifiers: Iterable[str]) -> re.Pattern | None:
    """Case-insensitive, whole-word pattern for any identifier (spaces match any white space).

    Built as a trie ('jan (?:jansen|de vries)'), so that thousands of identifiers cost little more to
    look for than one: a plain alternation is tried branch by branch at every position.
    """
    trie: dict = {}
    for identifier in {_normal(i) for i in identifiers if len(i.strip()) >= MIN_IDENTIFIER_CHARS}:
        node = trie
        for char in identifier:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(rf"(?<!\w){_trie_regex(trie)}(?!\w)", re.IGNORECASE)


def _trie_regex(node: dict) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    optional = "" in node  # an identifier ends here; longer ones are tried first
    group = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
    return group + ("?" if optional else "")


def normal_categories(categories: dict[str, str]) -> dict[str, str]:
    """The categories by normalised identifier, as sweep_spans looks them up (build it once per corpus)."""
    return {_normal(k): v for k, v in categories.items()}


def sweep_spans(text: str, pattern: re.Pattern | None, lookup: dict[str, str]) -> list[Span]:
    """Spans for every place an identifier found anywhere in the corpus occurs in `text`; `lookup` is
    normal_categories(categories)."""
    if pattern is None:
        return []
    return [Span(m.start(), m.end(), lookup.get(_normal(m.group()), "persoon"), m.group())
            for m in pattern.finditer(text)]


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order; fixed shapes beat names, longer beats shorter."""
    starts: list[int] = []  # chosen spans, kept sorted by start (they never overlap)
    chosen: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (PRIORITY.index(s.category), s.start - s.end, s.start)):
        i = bisect.bisect_left(starts, span.start)
        if (i > 0 and chosen[i - 1].end > span.start) or (i < len(chosen) and chosen[i].start < span.end):
            continue
        starts.insert(i, span.start)
        chosen.insert(i, span)
    return chosen


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
        identity = people[_normal(span.text)] if span.category == "persoon" else _identity(span)
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
    return _normal(span.text)


_LOWER_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


def person_identities(names: Iterable[str], *, scope: int) -> dict[str, str]:
    """Normalised name -> who it is, for the names found in one text.

    A full name ('Marieke van Drunen') is itself, in every text of the corpus. A first name, a surname or
    initials with a surname ('Marieke', 'Van Drunen', 'M. van Drunen') is the full name of the same text it
    fits, if exactly one fits; otherwise it is a person of this text only (`scope`), so that no two people
    share a code because of a guess.
    """
    mentions = sorted({_normal(name) for name in names})
    full = [m for m in mentions if _is_full_name(m)]
    identities = {m: m for m in full}
    for mention in mentions:
        if mention not in identities:
            fits = [name for name in full if _fits(mention, name)]
            identities[mention] = fits[0] if len(fits) == 1 else f"{mention}#{scope}"
    return identities


def _is_full_name(name: str) -> bool:
    """'marieke van drunen', 'jan p. jansen': a first name and a surname (not 'j. jansen' or 'van drunen')."""
    words = [w for w in name.split() if not _LOWER_INITIALS.fullmatch(w)]
    return (len(words) >= 2 and not _LOWER_INITIALS.fullmatch(name.split()[0])
            and words[0] not in _INTERFIXES and words[-1] not in _INTERFIXES)


def _fits(mention: str, full_name: str) -> bool:
    """Whether 'marieke', 'drunen', 'van drunen' or 'm. van drunen' can be short for 'marieke van drunen'."""
    first, *rest = full_name.split()
    initials = "".join(w for w in mention.split() if _LOWER_INITIALS.fullmatch(w)).replace(".", "")
    words = [w for w in mention.split() if not _LOWER_INITIALS.fullmatch(w) and w not in _INTERFIXES]
    surname = [w for w in rest if not _LOWER_INITIALS.fullmatch(w) and w not in _INTERFIXES]
    if not words or initials and initials[0] != first[0]:
        return False
    if words == [first] and not initials:
        return True
    return words == surname or len(words) == 1 and len(surname) == 1 and words[0] in surname[0].split("-")


def _respondent_identifiers(documents: pd.DataFrame, *, cache: TextCache | None = None) -> set[str]:
    """Respondent values that are personal data themselves (a name, an e-mail address, a phone number)."""
    if "respondent" not in documents:
        return set()
    values = sorted({str(v).strip() for v in documents["respondent"].dropna() if str(v).strip()})
    return {v for v, found in zip(values, cached_spans(values, cache=cache))
            if any(span.category != "adres" for span in found)}


def _pseudonymise_metadata(documents: pd.DataFrame, sweep: re.Pattern | None, categories: dict[str, str],
                           respondent_ids: set[str], *, cache: TextCache | None = None,
                           numbering: Numbering | None = None) -> None:
    """Respondent ids that are personal data become 'respondent-<hash>' (still unique); free-text metadata
    gets placeholders like the text, numbered on from the texts (`numbering`)."""
    if "respondent" in documents:
        documents["respondent"] = [
            f"respondent-{hashlib.sha256(str(v).strip().encode()).hexdigest()[:8]}" if str(v).strip() in respondent_ids
            else v for v in documents["respondent"]]
    lookup = normal_categories(categories)
    for column in TEXT_META_COLUMNS:
        if column not in documents:
            continue
        values = [str(v) for v in documents[column].dropna().unique()]
        replaced = {value: replace_spans(value, resolve_overlaps([*found, *sweep_spans(value, sweep, lookup)]),
                                         numbering=numbering)[0]
                    for value, found in zip(values, cached_spans(values, cache=cache))}
        documents[column] = documents[column].map(lambda v: v if pd.isna(v) else replaced.get(str(v), v))


# ---- the final guard -------------------------------------------------------------------------------------

TEXT_SUFFIXES = {".md", ".html", ".htm", ".csv", ".tsv", ".svg", ".json", ".txt", ".xml", ".yaml", ".yml"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".qdpx", ".zip", ".odt", ".ods"}


def check_published_outputs(paths: Iterable[Path | str], identifiers: Iterable[str]) -> list[str]:
    """Every place an identifier from the input occurs in a published output (case-insensitive, whole words).

    Reads text files, the strings inside zip-based files (xlsx, docx, qdpx) and the text columns of parquet
    tables; folders are searched. Returns Dutch descriptions with the identifier masked; [] means clean.
    """
    pattern = identifier_pattern(identifiers)
    if pattern is None:
        return []
    leaks = []
    for path in _expand(paths):
        for where, text in published_texts(path):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                leaks.append(f"{where}, regel {line}: '{mask(match.group())}'")
    return leaks


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    result = []
    for path in map(Path, paths):
        result.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return result


def published_texts(path: Path) -> list[tuple[str, str]]:
    """(location, text) pairs of a published file; [] for images and other binary formats."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
            if suffix == ".json":
                with contextlib.suppress(ValueError):
                    text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
            return [(str(path), text)]
        if suffix in ZIP_SUFFIXES:
            with zipfile.ZipFile(path) as archive:
                return [(f"{path} > {name}", html.unescape(archive.read(name).decode("utf-8", errors="replace")))
                        for name in archive.namelist() if Path(name).suffix.lower() in TEXT_SUFFIXES | {".rels"}]
        if suffix == ".parquet":
            table = pd.read_parquet(path)
            return [(f"{path} > kolom {col}", "\n".join(table[col].dropna().astype(str)))
                    for col in table.columns if table[col].dtype == object or pd.api.types.is_string_dtype(table[col])]
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        return [(str(path), f"(niet te controleren: {error})")]
    return []


def mask(value: str) -> str:
    """'Jansen' -> 'J****n': enough to find it again, not enough to spread it further."""
    value = value.strip()
    return value[0] + "*" * max(len(value) - 2, 1) + (value[-1] if len(value) > 2 else "")


# ---- measuring -------------------------------------------------------------------------------------------

def evaluate_privacy(cases: list[dict], *, nlp=None) -> pd.DataFrame:
    """Recall and precision per category on sentences with known personal data.

    cases: [{"tekst": str, "verwacht": [[category, exact substring], ...]}]. An expected span is recalled
    when found spans of its category cover all of it (a half-replaced name still leaks); a found span is
    correct when it overlaps an expected span of the same category. Returns one row per category plus 'totaal':
    category, expected, found, recall, precision.
    """
    documents = pd.DataFrame({"doc_id": [str(i) for i in range(len(cases))], "text": [c["tekst"] for c in cases]})
    findings = pseudonymise_documents(documents, mode="rapporteren", nlp=nlp).findings
    expected = [(str(i), cat, c["tekst"].index(value), c["tekst"].index(value) + len(value))
                for i, c in enumerate(cases) for cat, value in c.get("verwacht") or []]
    found = list(findings[["doc_id", "category", "start", "end"]].itertuples(index=False, name=None))

    def overlaps(a, b):
        return a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]

    def covered(e):  # every letter and digit of the expected span is inside a found span of its category
        inside = {i for f in found if overlaps(e, f) for i in range(f[2], f[3])}
        text = cases[int(e[0])]["tekst"]
        return all(i in inside for i in range(e[2], e[3]) if text[i].isalnum())

    rows = []
    for category in [*PRIORITY, "totaal"]:
        exp = [e for e in expected if category in (e[1], "totaal")]
        fnd = [f for f in found if category in (f[1], "totaal")]
        hit = sum(covered(e) for e in exp)
        right = sum(any(overlaps(f, e) for e in expected) for f in fnd)
        rows.append({"category": category, "expected": len(exp), "found": len(fnd),
                     "recall": hit / len(exp) if exp else 1.0, "precision": right / len(fnd) if fnd else 1.0})
    return pd.DataFrame(rows)
