"""Dutch lemma lexicon (spacy-lookups-data): repairs lemmas a trained lemmatiser cut short.

The embedded model's edit-tree lemmatiser knows only the treebank's words; on an unseen or
capitalised word it can strip an ending that is not one ('Loslaten' -> 'loslat', 'samenwerken'
-> 'samenwerk'). Such stubs are no Dutch lemma, and researchers see them in clusters and tables.
"""

from __future__ import annotations

import functools
import re

from spacy.util import load_language_data, registry
from wordfreq import zipf_frequency

# Name of the embedded model's static vectors: word classes from these tables, no meaning (see
# pipeline/training_lexicon.py). Code that wants semantic vectors (the theme scorer) skips them.
LEXICON_VECTORS_NAME = "nl_ontmoeting_lexicon"
WORD_CLASSES = ("noun", "verb", "adj")
# A word at least this common (wordfreq Zipf) is a Dutch word; a lemma with Zipf 0 is no word at all.
COMMON_WORD_ZIPF = 3.0
# Particles of separable verbs ('mee' in 'meenemen'): after 'ik' their stem is written as one word ('wat ik
# meeneem'), a form the tables do not list.
SEPARABLE_PARTICLES = ("aan", "af", "bij", "door", "in", "los", "mee", "na", "om", "op", "over", "samen",
                       "terug", "toe", "uit", "vast", "voor", "weg")


def has_word_vectors(vocab) -> bool:
    """Whether a spaCy vocab has word vectors that carry meaning (not just the word-class lexicon)."""
    return bool(vocab.vectors.shape[0]) and vocab.vectors.name != LEXICON_VECTORS_NAME


@functools.lru_cache(maxsize=1)
def known_lemmas() -> frozenset[str]:
    """All lemmas of spaCy's Dutch rule tables (nouns, verbs, adjectives, ...): about 200,000 words."""
    return frozenset(word for words in lemma_table("lemma_index").values() for word in words)


@functools.lru_cache(maxsize=1)
def lemmas_by_class() -> dict[str, frozenset[str]]:
    """Open word classes -> their lemmas in spaCy's Dutch rule tables ('noun': {'droom', ...})."""
    return {name: _index_set(name) for name in WORD_CLASSES}


@functools.lru_cache(maxsize=1)
def lemma_lookup() -> dict[str, str]:
    """Inflected form -> lemma ('samenwerkt' -> 'samenwerken'); base forms are not keys."""
    return lemma_table("lemma_lookup")


@functools.lru_cache(maxsize=4)
def lemma_table(name: str) -> dict:
    """One of spaCy's Dutch lemma tables ('lemma_lookup', 'lemma_index', 'lemma_exc', 'lemma_rules'), read
    once per process through spaCy's lookups registry. Shared by all callers: never modify it."""
    return load_language_data(registry.lookups.get("nl")[name])


@functools.lru_cache(maxsize=200_000)
def repair_lemma(lemma: str, word: str) -> str:
    """The lexicon's lemma of `word` where the lemmatiser's `lemma` is a stub or the unchanged inflected form.

    A cut-off (the word starts with the lemma) is repaired into a lemma the tables know ('loslat' ->
    'loslaten', 'kennismakingsron' -> 'kennismakingsronde'). A form kept as it is, as a small model does
    with a capitalised word it takes for a name ('Ervaringsdeskundigen' at the start of a sentence), becomes
    the tables' lemma when the form is not a lemma itself and the tables read it as a noun, verb or
    adjective ('ervaringsdeskundigen' -> 'ervaringsdeskundige'); 'Bergen' stays, 'bergen' being a verb.
    A garbled lemma of a common word (an edit tree applied to a word it does not fit: 'Minder' -> 'vindel',
    'geachte' -> 'geachot') is no word the tables or wordfreq know; the word then gets the tables' lemma, or
    stays as it is.
    """
    if not lemma:
        return lemma
    if lemma == word:
        reading = lemma_lookup().get(word)
        known_form = reading is not None and word not in known_lemmas()
        return reading if known_form and any(reading in lemmas for lemmas in lemmas_by_class().values()) else lemma
    if not word.startswith(lemma) and is_garbled_lemma(lemma, word):
        return lemma_lookup().get(word) or word
    if not word.startswith(lemma) or lemma in known_lemmas():
        return lemma
    reading = lemma_lookup().get(word) or word
    return reading if reading in known_lemmas() else lemma


def is_garbled_lemma(lemma: str, word: str) -> bool:
    """Whether `lemma` is no word at all (unknown to the tables and to wordfreq) while `word` is a common one."""
    return (lemma not in known_lemmas() and zipf_frequency(lemma, "nl") == 0
            and zipf_frequency(word, "nl") >= COMMON_WORD_ZIPF)


# Word classes whose suffix rules (spaCy's Dutch lemma_rules) tell an inflected form from an unknown word.
INFLECTING_CLASSES = ("noun", "verb", "adj", "num")


def is_lookup_form(word: str) -> bool:
    """Whether `word` (any case) is a form or lemma in spaCy's Dutch lookup table: the common words, a narrower
    test than is_dutch_word ('Bakker', 'Groen' are in it; 'Mulder', 'Peters' are not)."""
    return _is_lookup_form(word.lower())


@functools.lru_cache(maxsize=100_000)
def _is_lookup_form(word: str) -> bool:
    return word in lemma_lookup() or word in _lookup_lemmas()


@functools.lru_cache(maxsize=1)
def _lookup_lemmas() -> frozenset[str]:
    return frozenset(lemma_lookup().values())


def is_dutch_word(word: str) -> bool:
    """Whether `word` (any case) is a Dutch word form by spaCy's Dutch tables: a lemma, a listed form, an
    exception, or a regular inflection of a lemma ('goede', 'algemene', 'winkels', 'uren'). Names that are
    words too ('Bakker', 'Groen') count as words; 'Jansen', 'Yilmaz' do not."""
    return _is_dutch_form(word.lower())


# A compound's parts: a head noun of at least 4 letters ('coach', 'regisseur'), a first word of at least 3,
# possibly with a linking s/e/en ('gezinsvoogd', 'jongerenwerker'), so that short pieces do not make every
# surname a compound.
COMPOUND_MIN_HEAD = 4
COMPOUND_MIN_FIRST = 3


@functools.lru_cache(maxsize=100_000)
def is_dutch_compound(word: str) -> bool:
    """Whether `word` is two Dutch words written as one whose last is a noun: 'wijkcoach', 'casusregisseur',
    'GGZ-consulent' (before a hyphen a Dutch word or an acronym). spaCy's tables list few compounds, so
    'wijkcoach' is no Dutch word to is_dutch_word. Surnames can be compounds too ('Hoogland'): callers that
    must tell names from words check the name lists first."""
    lower = word.lower()
    if "-" in word:
        *first, head = word.split("-")
        return bool(first) and _is_head_noun(head.lower()) and all(
            part.isupper() and part.isalpha() or _is_dutch_form(part.lower()) for part in first)
    for cut in range(COMPOUND_MIN_FIRST, len(lower) - COMPOUND_MIN_HEAD + 1):
        first, head = lower[:cut], lower[cut:]
        if _is_head_noun(head) and any(_is_dutch_form(first[:len(first) - len(link)])
                                       for link in ("", "s", "e", "en") if first.endswith(link)
                                       and len(first) - len(link) >= COMPOUND_MIN_FIRST):
            return True
    return False


def _is_head_noun(word: str) -> bool:
    return len(word) >= COMPOUND_MIN_HEAD and (word in _index_set("noun") or _is_dutch_form(word)
                                                and lemma_lookup().get(word, word) in _index_set("noun"))


@functools.lru_cache(maxsize=100_000)
def _is_dutch_form(word: str) -> bool:
    if word in _word_forms():
        return True
    rules = lemma_table("lemma_rules")
    for pos in INFLECTING_CLASSES:
        for old, new in rules.get(pos, []):
            if word.endswith(old):
                stem = word[:len(word) - len(old)] + new
                if stem in _index_set(pos) or (_long_vowel(stem) or "") in _index_set(pos):
                    return True
    return False


@functools.lru_cache(maxsize=1)
def _word_forms() -> frozenset[str]:
    table, exceptions = lemma_lookup(), lemma_table("lemma_exc")
    return (frozenset(table) | _lookup_lemmas() | known_lemmas()
            | frozenset(form for forms in exceptions.values() for form in forms))


@functools.lru_cache(maxsize=8)
def _index_set(pos: str) -> frozenset[str]:
    return frozenset(lemma_table("lemma_index").get(pos, []))


def _long_vowel(stem: str) -> str | None:
    """'algemen' -> 'algemeen', 'ur' -> 'uur': a long vowel is written once in an open syllable."""
    if re.search(r"(?<![aeiou])[aeou][^aeiouy]$", stem):
        return stem[:-1] + stem[-2] + stem[-1]
    return None


def repair_token_lemma(lemma: str, word: str, *, after_ik: bool) -> str:
    """repair_lemma, and for a word after 'ik' whose lemma is the word itself, repair_first_person_verb: the one
    rule for both ways of building the tokens table (nlp.rows_from_doc and doc_tables)."""
    repaired = repair_lemma(lemma, word)
    return repair_first_person_verb(repaired, word) if after_ik and repaired == word else repaired


def repair_first_person_verb(lemma: str, word: str) -> str:
    """The infinitive of a separable verb's first-person form ('wat ik meeneem': 'meeneem' -> 'meenemen'),
    which a small model keeps as it is (and may take for a noun); call it for a word after 'ik' whose
    lemma is the word itself. Anything else keeps `lemma`."""
    verbs = lemmas_by_class()["verb"]
    for particle in SEPARABLE_PARTICLES:
        stem = word[len(particle):]
        if word.startswith(particle) and len(stem) > 1:
            for verb in (lemma_lookup().get(stem), *infinitive_spellings(stem)):
                if verb and particle + verb in verbs:
                    return particle + verb
    return lemma


def infinitive_spellings(stem: str) -> list[str]:
    """Infinitives a Dutch verb stem can have: 'werk' -> 'werken', 'pak' -> 'pakken', 'draag' -> 'dragen',
    'leef' -> 'leven', 'lees' -> 'lezen' (the caller checks which one is a verb)."""
    voiced = stem[:-1] + {"f": "v", "s": "z"}.get(stem[-1], stem[-1])
    spellings = [stem + "en", stem + stem[-1] + "en", voiced + "en"]
    if len(stem) > 2 and stem[-3] == stem[-2] and stem[-2] in "aeou":  # a long vowel is written once before -en
        spellings.append(stem[:-3] + voiced[-2:] + "en")
    return spellings
