"""The lexicon-swap augmenter `ontmoeting.lexicon_swap.v1`, registered with spaCy on import.

In: gold training examples (spaCy Examples of the UD treebank); out: the same examples plus copies with
some nouns, verbs and adjectives swapped for words of the same form class from spaCy's Dutch lemma tables
(spacy-lookups-data). Only needed for training (`pipeline.training` imports it), not for loading.
"""

from __future__ import annotations

import random

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from pipeline.lexicon import lemma_table

PARTICIPLE_ENDINGS = ("d", "t", "en")


@registry.augmenters("ontmoeting.lexicon_swap.v1")
def create_lexicon_swap(*, level: float, swap_prob: float):
    """Training-time augmenter: yield each example and, with probability `level`, a copy in which
    nouns (singular, plural), infinitives, participles and adjectives (bare, -e) are swapped, each with
    `swap_prob`, for random words of the same form class from spaCy's Dutch lexicon (spacy-lookups-data).
    Words outside the small treebank thus get trained embeddings and lemmas; the syntax stays valid.
    Only needed for training (`spacy train` needs `--code pipeline/training.py`), not for loading."""
    lexicon = _dutch_lexicon()

    def augment(nlp: Language, example: Example):
        yield example
        rng = random.Random(random.getrandbits(32))  # spaCy seeds `random` from [training] seed
        if rng.random() < level:
            reference = _swap_words(example.reference, lexicon, rng=rng, swap_prob=swap_prob)
            yield Example(nlp.make_doc(reference.text), reference)

    return augment


def _dutch_lexicon() -> dict[str, list[tuple[str, str]]]:
    """(form, lemma) pairs per swap class, from spaCy's Dutch lemma tables (spacy-lookups-data)."""
    index, lookup = lemma_table("lemma_index"), lemma_table("lemma_lookup")
    base = {pos: {w for w in index[pos] if w.isalpha() and len(w) > 3} for pos in ("noun", "verb", "adj")}
    inflected = [(form, lemma) for form, lemma in sorted(lookup.items()) if form.isalpha() and form != lemma]
    return {"NOUN": [(w, w) for w in sorted(base["noun"])],
            "VERB": [(w, w) for w in sorted(base["verb"]) if w.endswith("en")],
            "ADJ": [(w, w) for w in sorted(base["adj"])],
            "NOUN_PLUR": [(f, lem) for f, lem in inflected if lem in base["noun"] and f.startswith(lem[:-1])
                          and f.endswith(("en", "s")) and not f.endswith("jes")],
            "VERB_PART": [(f, lem) for f, lem in inflected if lem in base["verb"] and "ge" in f[:-3]
                          and f.endswith(PARTICIPLE_ENDINGS) and not f.endswith(("den", "ten", "end"))],
            "ADJ_E": [(f, lem) for f, lem in inflected if lem in base["adj"] and f.endswith("e")
                      and f.startswith(lem[:-3]) and len(f) <= len(lem) + 2
                      and (lem.endswith("st") or not f.endswith("ste"))]}


def _swap_class(token) -> str | None:
    """Which lexicon class may replace this gold token, if any."""
    lower, lemma, pos, morph = token.text.lower(), token.lemma_, token.pos_, token.morph
    if not token.text.isalpha() or pos not in ("NOUN", "VERB", "ADJ"):
        return None
    if lower == lemma and (pos != "VERB" or morph.get("VerbForm") == ["Inf"]):
        return pos
    if pos == "NOUN" and morph.get("Number") == ["Plur"]:
        return "NOUN_PLUR"
    if pos == "VERB" and morph.get("VerbForm") == ["Part"] and lower.endswith(PARTICIPLE_ENDINGS):
        return "VERB_PART"
    return "ADJ_E" if pos == "ADJ" and morph.get("Degree") == ["Pos"] and lower.endswith("e") else None


def _swap_words(doc: Doc, lexicon: dict, *, rng: random.Random, swap_prob: float) -> Doc:
    """A copy of gold `doc` with some words swapped for lexicon words of the same class."""
    words, lemmas = [t.text for t in doc], [t.lemma_ for t in doc]
    for token in doc:
        kind = _swap_class(token)
        if kind and rng.random() < swap_prob:
            form, lemma = rng.choice(lexicon[kind])
            words[token.i] = form.capitalize() if token.text[0].isupper() else form
            lemmas[token.i] = lemma
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], tags=[t.tag_ for t in doc],
               pos=[t.pos_ for t in doc], morphs=[str(t.morph) for t in doc], lemmas=lemmas,
               heads=[t.head.i for t in doc], deps=[t.dep_ for t in doc])
