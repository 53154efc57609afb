"""From the spans found in each text to the spans that are replaced: what is found anywhere is hunted everywhere.

In: Spans (pipeline.privacy_patterns.Span) found per text; out: the identifiers worth hunting with their
category (identifier_categories), one whole-word pattern for all of them (identifier_pattern, also used by
the final guard), the Spans where they occur in a text (sweep_spans), and non-overlapping Spans in text
order (resolve_overlaps: fixed shapes beat names, longer beats shorter).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from pipeline.lexicon import is_dutch_word, is_lookup_form
from pipeline.privacy_name_lookup import INTERFIXES, NOT_NAMES, TITLES, is_acronym, is_first_name, is_surname
from pipeline.privacy_patterns import Span

# When spans overlap, the category earlier in this list wins (fixed shapes beat name guesses).
PRIORITY = ["email", "iban", "telefoon", "bsn", "geboortedatum", "adres", "postcode", "persoon"]
MIN_IDENTIFIER_CHARS = 3


def normalise_identifier(value: str) -> str:
    """Lower case, white space collapsed: how identifiers are compared."""
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
    for identifier in {normalise_identifier(i) for i in identifiers if len(i.strip()) >= MIN_IDENTIFIER_CHARS}:
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
    return {normalise_identifier(k): v for k, v in categories.items()}


def sweep_spans(text: str, pattern: re.Pattern | None, lookup: dict[str, str]) -> list[Span]:
    """Spans for every place an identifier found anywhere in the corpus occurs in `text`; `lookup` is
    normal_categories(categories)."""
    if pattern is None:
        return []
    return [Span(m.start(), m.end(), lookup.get(normalise_identifier(m.group()), "persoon"), m.group())
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
