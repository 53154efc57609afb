"""Dutch lemma keys and matching for the theme engine: how a framework word and a text word meet.

Lemmatisers differ (lookup tables miss plurals and participles, a trained lemmatiser cuts unseen
compounds short and reads a term out of context), so profile words and text lemmas are reduced to the
same light key (`normalise_key`); compounds match on their head or first part (`compound_columns`);
phrases match when their words stand close together (`phrase_occurs`). Pure functions, no state.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import numpy as np
from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language
from wordfreq import zipf_frequency

MIN_COMPOUND_PART = 4
SEPARABLE_PARTICLES = ("samen", "terug", "kennis", "binnen", "tegen", "open", "door", "over", "vast", "weg",
                       "los", "uit", "aan", "mee", "toe", "bij", "voor", "rond", "op", "af", "in", "na", "om")
COMMON_PHRASE_SPECIFICITY = 0.5
READING_MAX_ZIPF = 3.0
# stressed and unstressed pronouns are one key, so 'waar wij voor staan' matches 'waar we voor staan'
PRONOUN_FORMS = {"wij": "we", "zij": "ze", "jij": "je", "mij": "me", "jou": "je"}
DIAERESIS = str.maketrans("ïëöüä", "ieoua")
ARTICLES = frozenset({"de", "het", "een", "'t", "'n"})


@functools.lru_cache(maxsize=200_000)
def normalise_key(lemma: str) -> str:
    """A canonical matching key for a Dutch lemma or word form.

    Lemmatisers differ (lookup tables miss plurals and participles; UD lemmas mark compounds with
    '_'), so both profile words and segment lemmas are reduced with the same light rules.
    """
    word = lemma.lower().replace("_", "").strip("'’-")
    if word in PRONOUN_FORMS:
        return PRONOUN_FORMS[word]
    word = word.translate(DIAERESIS)
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif len(word) >= 6 and word.startswith("ge") and word.endswith(("d", "t")) \
            and not word.endswith(("heid", "teit", "ied", "cht", "ent", "aat")):
        word = word[2:-1]
    elif len(word) >= 5 and word.endswith("en") and word[-3] not in "aeiou":
        word = undo_spelling(word[:-2])
    elif len(word) >= 6 and word.endswith("e") and word[-2] not in "aeiouy":
        # 'kernwaarde(n)' -> 'kernwaard'; inflected adjectives: 'narratieve' -> 'narratief', 'sociale' -> 'sociaal'
        word = undo_spelling(word[:-1])

    elif len(word) >= 5 and word.endswith("s") and word.endswith(("ers", "els", "ems", "ies", "jes", "ams", "ops")):
        word = word[:-1]
    return collapse_final_syllable(word)


def collapse_final_syllable(word: str) -> str:
    """One spelling for the last syllable of a long word: 'leervraag' and 'leervrag' -> 'leervrag'.

    Trained lemmatisers strip '-en' from unseen compounds without respelling ('leervragen' ->
    'leervrag', 'leergemeenschappen' -> 'leergemeenschapp'); short words are left alone because
    there the vowel length tells words apart ('kop', 'koop')."""
    if len(word) < 6 or " " in word:
        return word
    word = re.sub(r"(aa|ee|oo|uu)([^aeiouy]+)$", lambda m: m.group(1)[0] + m.group(2), word)
    if word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


def same_word(base: str, key: str) -> bool:
    """Whether a lemmatiser's reading `key` of a term is a form of the term `base` and not another word.

    Out of context a lemmatiser picks readings like 'vroeg' -> 'vragen' or 'borgen' -> 'bergen';
    such a reading would make every 'vraag' count for 'vroeg' (early). A form of the term keeps its
    first letters once a participle's 'ge-' is removed ('gespannen' -> 'spannen')."""
    def stem(word: str) -> str:
        return word[2:] if word.startswith("ge") and len(word) > 5 else word
    a, b = stem(base), stem(key)
    n = min(3, len(a), len(b))
    return a[:n] == b[:n]


def is_reading_of(base: str, key: str, lemma: str) -> bool:
    """Whether a lemmatiser's other reading of a term stands for the term itself: a cut-off form of an
    unseen compound ('kennismakingsronde' -> 'kennismakingsron') does; another common word
    ('verbinder' -> 'verbinden', 'vroeg' -> 'vragen') does not, or every 'verbinden' would count."""
    return same_word(base, key) and zipf_frequency(lemma, "nl") < READING_MAX_ZIPF


def split_separable(word: str) -> tuple[str, str] | None:
    """A separable verb as the two keys it has in a main clause: 'uitwisselen' -> ('wissel', 'uit')."""
    if " " in word or not word.endswith("en"):
        return None
    for particle in SEPARABLE_PARTICLES:
        rest = word[len(particle):]
        if word.startswith(particle) and len(rest) >= 5:
            return normalise_key(rest), particle
    return None


def undo_spelling(stem: str) -> str:
    """Dutch stem spelling after removing -en: 'grenz' -> 'grens', 'vrag' -> 'vraag', 'kenniss' -> 'kennis'."""
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        return stem[:-1]
    if stem.endswith("z"):
        stem = stem[:-1] + "s"
    elif stem.endswith("v"):
        stem = stem[:-1] + "f"
    one_syllable = len(re.findall(r"[aeiouy]+", stem)) == 1
    if len(stem) >= 3 and stem[-1] not in "aeiouj" and stem[-2] in "aeou" and stem[-3] not in "aeiou":
        # an open syllable was written with one vowel: 'vrag' -> 'vraag', 'inkop' -> 'inkoop'; a final
        # unstressed e before l, r or n stays ('luister', 'wissel')
        if one_syllable or stem[-2] in "aou" or stem[-1] not in "lrn":
            stem = stem[:-1] + stem[-2] + stem[-1]
    return stem


def compound_columns(key: str, vocabulary: dict[str, int]) -> list[int]:
    """Framework terms that form the head or the first part of the compound `key` ('buurthuis' -> buurt, huis).

    A whole word that is itself in the vocabulary (including the neutral terms) is never split."""
    cols = []
    for end in range(MIN_COMPOUND_PART, len(key) - MIN_COMPOUND_PART + 1):
        head, tail = collapse_final_syllable(key[:end]), key[end:]
        if head in vocabulary:
            cols.append(vocabulary[head])
        elif head.endswith("s") and head[:-1] in vocabulary and len(head) > MIN_COMPOUND_PART:
            cols.append(vocabulary[head[:-1]])
        if tail in vocabulary:
            cols.append(vocabulary[tail])
    return sorted(set(cols))


def phrase_occurs(content: tuple[str, ...], keys: Sequence[str]) -> bool:
    """True when all content words of a phrase occur within a small window of `keys` (in any order:
    Dutch moves the verb, 'bij elkaar brengen' / 'we brengen hen bij elkaar'). A phrase of only
    everyday words must stand almost as written, without other words in between."""
    window = len(content) if is_common_phrase(content) else 2 * len(content) + 2
    positions = [i for i, key in enumerate(keys) if key == content[0]]
    rest = set(content[1:])
    for start in positions:
        lo, hi = max(0, start - window), start + window + 1
        if rest <= set(keys[lo:hi]):
            return True
    return False


@functools.lru_cache(maxsize=20_000)
def is_common_phrase(content: tuple[str, ...]) -> bool:
    """A phrase of only everyday words ('binnen kunnen lopen'): spread over a sentence its words mean
    something else ('binnen twee werkdagen ... over een lopende aanvraag ... kunnen')."""
    return max(word_specificity(word) for word in content) < COMMON_PHRASE_SPECIFICITY


def word_specificity(word: str) -> float:
    """1 for rare words and phrases, down to 0.1 for very common Dutch words (wordfreq Zipf scale)."""
    if not word:
        return 1.0
    # wordfreq splits 'niet-weten' into two common words; the hyphenated compound itself is rare
    return float(np.clip((7.0 - zipf_frequency(word.replace("-", ""), "nl")) / 3.0, 0.1, 1.0))


def is_content(lemma: str) -> bool:
    return lemma not in STOP_WORDS and any(ch.isalpha() for ch in lemma)


@functools.lru_cache(maxsize=1)
def lookup_pipeline() -> Language:
    from pipeline.nlp import build_blank_dutch_pipeline

    return build_blank_dutch_pipeline()


def make_lemmatiser(nlp: Language | None):
    """text -> lower-cased lemmas of its non-punctuation tokens, using `nlp` or the lookup pipeline."""
    pipeline = nlp if nlp is not None else lookup_pipeline()
    known: dict[str, tuple[tuple[str, str], ...]] = {}

    def read(doc) -> tuple[tuple[str, str], ...]:
        return tuple((t.text.lower(), (t.lemma_ or t.text).lower()) for t in doc if not (t.is_punct or t.is_space))

    def pairs(text: str) -> tuple[tuple[str, str], ...]:
        if text not in known:
            known[text] = read(pipeline(text))
        return known[text]

    def prefetch(texts: Iterable[str]) -> None:
        """Lemmatise many texts in one nlp.pipe call (a framework has thousands of terms: ~10x faster)."""
        todo = [text for text in dict.fromkeys(texts) if text not in known]
        for text, doc in zip(todo, pipeline.pipe(todo, batch_size=256)):
            known[text] = read(doc)

    def lemmatise(text: str) -> tuple[str, ...]:
        return tuple(lemma for _, lemma in pairs(text))

    lemmatise.pairs, lemmatise.prefetch = pairs, prefetch
    return lemmatise


def framework_texts(framework) -> list[str]:
    """Every text of a framework that fitting lemmatises: terms, phrases, descriptions, examples."""
    texts = [text for theme in framework.themes
             for text in (*theme.terms, *theme.support_terms, *theme.phrases, theme.description, *theme.examples)]
    return texts + list(framework.neutral_terms)


def checked_lemmas(lemmatise, text: str) -> list[str]:
    """Lemmas of running text, but the word itself where the lemma is another word ('vroeg' -> 'vragen')."""
    pairs = getattr(lemmatise, "pairs", None)
    if pairs is None:
        return list(lemmatise(text))
    return [lemma if same_word(normalise_key(word), normalise_key(lemma)) else word for word, lemma in pairs(text)]
