"""Personal data out before anything is published: detect, replace consistently, and guard the outputs.

Detection is in pipeline.privacy_patterns (things with a fixed shape) and pipeline.privacy_names (person
names); this module combines them, replaces what was found by numbered codes and guards the published outputs.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- A name found anywhere is replaced everywhere in the corpus (the final guard checks the same way).
- Codes hold for the whole corpus, numbered in document order (ingest sorts the files, so reruns agree):
  'Marieke van Drunen' is the same [PERSOON-n] in every note, and in a note that names her in full,
  'Marieke', 'Van Drunen' and 'mevrouw Van Drunen' get her code too. A short name that fits no full name
  of its note, or more than one, gets a code of its own in that note: codes are never shared by guessing.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import html
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError
from pipeline.lexicon import is_dutch_word, is_lookup_form
from pipeline.privacy_names import (
    INTERFIXES, NOT_NAMES, TITLES, context_name_spans, deduce_spans, is_acronym, is_first_name, is_surname,
    ner_person_spans,
)
from pipeline.privacy_patterns import Span, parse_full_date, pattern_spans
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


@dataclass
class PrivacyResult:
    """documents: pseudonymised copy (or unchanged in 'rapporteren'/'uit'); findings: FINDING_COLUMNS.

    identifiers: raw strings found (in memory only, never written) for `check_published_outputs`;
    empty unless mode is 'pseudonimiseren', since only then must nothing be published.
    """

    documents: pd.DataFrame
    findings: pd.DataFrame
    identifiers: set[str] = field(default_factory=set, repr=False)


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
    return [*pattern_spans(text), *deduce_spans(text), *context_name_spans(text)]



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
            if " " not in value and not is_hunted(value):
                continue
        if span.category == "geboortedatum" and value.isdigit():  # a birth year: '2015' elsewhere is no birth year
            continue
        found[value] = span.category
    return found


def name_parts(name: str) -> list[str]:
    """The parts of 'Fatma Yilmaz-Demir' worth hunting for on their own: not particles, initials or words."""
    parts = re.findall(r"[^\W\d_][\w'’]*", name)
    return [p for p in parts if len(p) >= MIN_IDENTIFIER_CHARS and p[0].isupper() and not is_acronym(p)
            and p.lower() not in INTERFIXES
            and p.lower() not in TITLES and p.lower() not in NOT_NAMES and is_hunted(p)]


def is_hunted(word: str) -> bool:
    """Whether a one-word name (or part of a name) found somewhere is hunted in the whole corpus, in any case, and
    guarded. Not a common word of spaCy's lookup table ('Bakker', 'Groen': replaced where found only), nor a Dutch
    word that is no name in deduce's lists ('Goede' of 'Goede Vrijdag' must not wipe out 'goede' everywhere). A name
    in those lists that is a rarer Dutch word ('Mulder', 'Peters', 'Kees', 'Kern') is hunted: privacy first."""
    if is_lookup_form(word):
        return False
    return not is_dutch_word(word) or is_first_name(word.capitalize()) or is_surname(word.capitalize())


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
