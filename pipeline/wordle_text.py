"""Dutch wordle terms: normalised keys, display forms, inflection variants, the question's key word
and the editable word lists.

A term has three forms: the surface a respondent typed ("Verandering!!"), the normalised key
("verandering": lower case, no accents or punctuation, words separated by one space) and the compact
key (the normalised key without spaces), which also merges "eigen kracht", "eigen-kracht" and
"eigenkracht".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from spacy.lang.nl.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from pipeline.config import ConfigError
from pipeline.lexicon import lemmas_by_class

# Leading articles are trimmed from an answer ("de burger centraal" -> "burger centraal"); matched on
# the accented surface, so "één team" keeps its "één".
ARTICLES = frozenset({"de", "het", "een", "'t", "’t", "'n", "’n"})
# Placeholders written by the privacy step: [PERSOON-1], [EMAIL-2], [TELEFOON-1], ...
PLACEHOLDER_RE = re.compile(r"\[[A-ZÀ-Ý][A-ZÀ-Ý_]*(?:-[A-ZÀ-Ý_]+)*(?:-\d+)?\]")
PLACEHOLDER_TOKEN_RE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý_]*(?:-[A-ZÀ-Ý_]+)*-\d+$")
# Hyphens, dots and apostrophes inside a word join its parts: n.v.t. -> nvt, co-creatie -> cocreatie.
_JOINER_RE = re.compile(r"(?<=\w)[-‐‑.'’‘`´](?=\w)")
_NON_WORD_RE = re.compile(r"[^\w\s]|_")
# A quoted word in the question, not an apostrophe inside a word (zo'n).
_QUOTED_RE = re.compile(r"(?<!\w)[‘'\"“„«‹]([^‘’'\"“”„«»‹›]+)[’'\"”»›](?!\w)")
_WORD_AFTER_RE = re.compile(r"\bwoord\s+(\w[\w-]*)", re.IGNORECASE)
# A word after a preposition ('past bij samenwerken', 'denkt u aan bij de wijk'), articles skipped.
_ABOUT_WORD_RE = re.compile(r"\b(?:bij|over|aan|rond|rondom|met|van|voor)\s+(?:(?:het|de|een)\s+)?(\w[\w-]*)",
                            re.IGNORECASE)
# A column header of this many words is a question even without '?' ("Eén woord bij transformatie").
MIN_QUESTION_WORDS = 3
# Characters kept in a display form besides letters, digits and spaces.
_DISPLAY_PUNCT = set("-'’.&+/")
_VOWELS = "aeiou"
# Vowel pairs that are one sound: their last letter is never doubled (leuke -> leuk, not leuuk).
_DIGRAPHS = frozenset({"aa", "ee", "oo", "uu", "ei", "ij", "ui", "ou", "au", "eu", "oe", "ie"})


def strip_accents(text: str) -> str:
    """Remove diacritics: 'coördinatie' -> 'coordinatie', 'één' -> 'een'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_term(text: str) -> str:
    """The matching key of a term: case, accents, punctuation and spacing removed. Idempotent."""
    for _ in range(4):  # a fixpoint, so that normalise_term(normalise_term(x)) == normalise_term(x)
        key = _normalise_once(text)
        if key == text:
            break
        text = key
    return text


def _normalise_once(text: str) -> str:
    text = strip_accents(strip_accents(text).casefold())
    text = _NON_WORD_RE.sub(" ", _JOINER_RE.sub("", text))
    return " ".join(text.split())


def compact_key(key: str) -> str:
    """A normalised key without spaces: 'eigen kracht' and 'eigenkracht' become one term."""
    return key.replace(" ", "")


def display_form(surface: str) -> str:
    """How a surface is shown: emoji and stray punctuation dropped, a sentence capital lowered."""
    text = unicodedata.normalize("NFC", surface)
    text = "".join(c if (c.isalnum() or c.isspace() or c in _DISPLAY_PUNCT) else " " for c in text)
    words = [w.strip("".join(_DISPLAY_PUNCT)) or w for w in text.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    if words and words[0][:1].isupper() and words[0][1:] == words[0][1:].lower():
        words[0] = words[0][:1].lower() + words[0][1:]
    return " ".join(words)


def trim_articles(surface: str) -> str:
    """Drop leading articles: 'de burger centraal' -> 'burger centraal' (a lone article stays)."""
    words = surface.split()
    while len(words) > 1 and words[0].casefold() in ARTICLES:
        words = words[1:]
    return " ".join(words)


def word_bases(word: str) -> list[str]:
    """Possible base forms of one normalised Dutch word, most likely first.

    Plurals (wijkteams, veranderingen, mogelijkheden, ideeen, bomen, huizen), adjective -e (sociale,
    nieuwe), diminutives (-je, -tje) and an infinitive beside its -ing noun (veranderen ->
    verandering). A base only merges a word when the base itself occurs in the data.
    """
    bases: list[str] = []
    if len(word) > 6 and word.endswith("heden"):
        bases.append(word[:-5] + "heid")
    if len(word) > 4 and word.endswith("en"):
        stem = word[:-2]
        bases += [*_stem_variants(stem), *([] if stem.endswith("ing") else [stem + "ing"])]
    if len(word) > 5 and word.endswith("eren"):
        bases.append(word[:-4])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        bases.append(word[:-1])
    if len(word) > 3 and word.endswith("e"):
        bases += _stem_variants(word[:-1])
    for suffix in ("etje", "tje", "pje", "je"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            bases.append(word[: -len(suffix)])
    return list(dict.fromkeys(b for b in bases if b and b != word))


def _stem_variants(stem: str) -> list[str]:
    """A stem as written, undoubled (mann -> man), with f/s for v/z, and with a long vowel (bom -> boom)."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        return [stem, stem[:-1]]  # a doubled consonant follows a short vowel: never lengthen
    variants = [stem]
    if stem.endswith("v") or stem.endswith("z"):
        variants.append(stem[:-1] + ("f" if stem.endswith("v") else "s"))
    return variants + [v[:-1] + v[-2] + v[-1] for v in variants
                       if len(v) > 2 and v[-1] not in _VOWELS and v[-2] in "aeou" and v[-3:-1] not in _DIGRAPHS]


def key_variants(key: str) -> list[str]:
    """Keys one inflection step away from `key`, varying one word of a phrase at a time."""
    words = key.split()
    return [" ".join([*words[:i], base, *words[i + 1:]]) for i, word in enumerate(words) for base in word_bases(word)]


def question_keyword(question: str | None) -> str | None:
    """The word the question asks about, normalised: the quoted word; else a noun right after 'woord'
    ("het woord transformatie"); else the first word after 'bij', 'over', ... behind 'woord' that is no
    stop word ("Welk woord past bij samenwerken?" -> 'samenwerken', not the verb 'past'); else None."""
    if not question:
        return None
    quoted = _QUOTED_RE.findall(question)
    if quoted:
        return normalise_term(quoted[-1]) or None
    after = _WORD_AFTER_RE.search(question)
    if after is None:
        return None
    word = normalise_term(after.group(1))
    if word in lemmas_by_class().get("noun", frozenset()) and word not in SPACY_STOP_WORDS:
        return word
    for match in _ABOUT_WORD_RE.finditer(question, after.start()):
        if normalise_term(match.group(1)) not in SPACY_STOP_WORDS:
            return normalise_term(match.group(1)) or None
    return None


def question_from_header(header: str | None, *, answer_columns: Iterable[str]) -> str | None:
    """A column header as the question when it reads like one (Google Forms and Mentimeter put the question
    there): it ends in '?' or has three words or more; a plain name such as 'antwoord' or 'mening', or one of
    `answer_columns` (ingest.answer_columns), is none. The one rule for `ontmoeting wordle --kolom`."""
    if not header or header.strip().lower() in {name.lower() for name in answer_columns}:
        return None
    header = " ".join(header.split())
    return header if header.endswith("?") or len(header.split()) >= MIN_QUESTION_WORDS else None


def slugify(text: str, *, max_length: int = 40) -> str:
    """A file-name-safe, lower-case ASCII form: "Waar denkt u..." -> 'waar-denkt-u'."""
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")
    return slug[:max_length].rstrip("-") or "leeg"


def read_word_list(path: Path) -> list[str]:
    """Lines of a word list; '#' starts a comment, blank lines are skipped."""
    lines = _read_lines(path)
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def read_merges(path: Path) -> dict[str, str]:
    """A merge table (CSV `variant,term`, '#' comment lines) as {compact key of variant: term}."""
    rows = csv.DictReader(line for line in _read_lines(path) if not line.lstrip().startswith("#"))
    if rows.fieldnames is None or {"variant", "term"} - set(rows.fieldnames):
        raise ConfigError(f"{path} moet de kolommen 'variant,term' hebben (één samenvoeging per regel).")
    return {compact_key(normalise_term(r["variant"])): r["term"].strip()
            for r in rows if (r.get("variant") or "").strip() and (r.get("term") or "").strip()}


def _read_lines(path: Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise ConfigError(f"Woordenlijst niet gevonden: {path}. Pas het pad aan in de instellingen (wordle).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is geen UTF-8-tekst; sla het bestand op als UTF-8.") from None


def build_stopwords(*, project_words: Iterable[str] = (), extra: Iterable[str] = (),
                    include_spacy: bool = True) -> frozenset[str]:
    """Normalised stop words: spaCy's Dutch list + project list + extras; '!woord' removes a word."""
    words = {normalise_term(w) for w in SPACY_STOP_WORDS} if include_spacy else set()
    entries = [*project_words, *extra]
    words |= {normalise_term(e) for e in entries if not e.startswith("!")}
    words -= {normalise_term(e[1:]) for e in entries if e.startswith("!")}
    words.discard("")
    return frozenset(words)


def is_stop_key(key: str, stopwords: frozenset[str]) -> bool:
    """A key is a stop word when it, its compact form or every one of its words is one."""
    words = key.split()
    return key in stopwords or compact_key(key) in stopwords or bool(words) and all(w in stopwords for w in words)
